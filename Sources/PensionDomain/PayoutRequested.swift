import Foundation

/// One pensioner's pension for one month, to be paid (`payout.requested`, keyed by resident ID on `pension.payout`);
/// the payout stage's ledger keeps one payment per pensioner and month whatever is repeated.
public struct PayoutRequested: EventPayload, Hashable, CustomStringConvertible {
    /// `payout.requested`.
    public static let eventType = "payout.requested"
    /// 1.
    public static let schemaVersion = 1

    /// The pensioner's 18-character resident ID number.
    public let residentId: String
    /// The month paid, `YYYY-MM`.
    public let month: String
    /// The amount in fen.
    public let amountFen: Int
    /// The 12-digit village code.
    public let villageCode: String

    /// Creates the event; see the properties.
    public init(residentId: String, month: String, amountFen: Int, villageCode: String) {
        self.residentId = residentId
        self.month = month
        self.amountFen = amountFen
        self.villageCode = villageCode
    }

    private enum CodingKeys: String, CodingKey {
        case residentId, month, amountFen, villageCode
    }

    /// Decodes the event; text over its limit is reported at that field.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        residentId = try container.decodeText(forKey: .residentId, limit: WireLimits.residentId)
        month = try container.decodeText(forKey: .month, limit: PayoutLimits.month)
        amountFen = try container.decodeInteger(forKey: .amountFen)
        villageCode = try container.decodeText(forKey: .villageCode, limit: WireLimits.villageCode)
    }

    /// Reads the event as `init(from:)` does, or returns `nil`.
    public init?(wireFields fields: WireFields) {
        guard let residentId = fields.string("residentId", limit: WireLimits.residentId),
            let month = fields.string("month", limit: PayoutLimits.month),
            let amountFen = fields.integer("amountFen"),
            let villageCode = fields.string("villageCode", limit: WireLimits.villageCode)
        else { return nil }
        self.init(residentId: residentId, month: month, amountFen: amountFen, villageCode: villageCode)
    }

    /// Writes the fields in key order.
    public func writeWireFields(to writer: inout WireWriter) {
        writer.write("amountFen", integer: amountFen)
        writer.write("month", string: month)
        writer.write("residentId", string: residentId)
        writer.write("villageCode", string: villageCode)
    }

    /// The event with personal data masked.
    public var description: String {
        "PayoutRequested(residentId: \(Masking.residentID(residentId)), month: \(month), amountFen: \(amountFen), villageCode: \(villageCode))"
    }
}
