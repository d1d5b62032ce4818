import Foundation

/// The bank credited one pensioner's monthly pension (`payout.completed`, keyed by resident ID on `pension.payout`),
/// from the bank's result file.
public struct PayoutCompleted: EventPayload, Hashable, CustomStringConvertible {
    /// `payout.completed`.
    public static let eventType = "payout.completed"
    /// 1.
    public static let schemaVersion = 1

    /// The pensioner's 18-character resident ID number.
    public let residentId: String
    /// The month paid, `YYYY-MM`.
    public let month: String
    /// The amount in fen.
    public let amountFen: Int
    /// The bank batch the record was in, e.g. `2011-12-510623101-001`.
    public let batchId: String

    /// Creates the event; see the properties.
    public init(residentId: String, month: String, amountFen: Int, batchId: String) {
        self.residentId = residentId
        self.month = month
        self.amountFen = amountFen
        self.batchId = batchId
    }

    private enum CodingKeys: String, CodingKey {
        case residentId, month, amountFen, batchId
    }

    /// Decodes the event; text over its limit is reported at that field.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        residentId = try container.decodeText(forKey: .residentId, limit: WireLimits.residentId)
        month = try container.decodeText(forKey: .month, limit: PayoutLimits.month)
        amountFen = try container.decodeInteger(forKey: .amountFen)
        batchId = try container.decodeText(forKey: .batchId, limit: PayoutLimits.batchId)
    }

    /// Reads the event as `init(from:)` does, or returns `nil`.
    public init?(wireFields fields: WireFields) {
        guard let residentId = fields.string("residentId", limit: WireLimits.residentId),
            let month = fields.string("month", limit: PayoutLimits.month),
            let amountFen = fields.integer("amountFen"),
            let batchId = fields.string("batchId", limit: PayoutLimits.batchId)
        else { return nil }
        self.init(residentId: residentId, month: month, amountFen: amountFen, batchId: batchId)
    }

    /// Writes the fields in key order.
    public func writeWireFields(to writer: inout WireWriter) {
        writer.write("amountFen", integer: amountFen)
        writer.write("batchId", string: batchId)
        writer.write("month", string: month)
        writer.write("residentId", string: residentId)
    }

    /// The event with personal data masked.
    public var description: String {
        "PayoutCompleted(residentId: \(Masking.residentID(residentId)), month: \(month), amountFen: \(amountFen), batchId: \(batchId))"
    }
}
