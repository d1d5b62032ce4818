import Foundation

/// The bank could not credit one pensioner's monthly pension (`payout.failed`, keyed by resident ID on
/// `pension.payout`), with a reason code: `no_card`, `closed_account`, `suspended`, `deceased`, `rejected_by_bank`.
public struct PayoutFailed: EventPayload, Hashable, CustomStringConvertible {
    /// `payout.failed`.
    public static let eventType = "payout.failed"
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
    /// Why: `no_card`, `closed_account`, `suspended`, `deceased` or `rejected_by_bank`.
    public let reasonCode: String

    /// Creates the event; see the properties.
    public init(residentId: String, month: String, amountFen: Int, batchId: String, reasonCode: String) {
        self.residentId = residentId
        self.month = month
        self.amountFen = amountFen
        self.batchId = batchId
        self.reasonCode = reasonCode
    }

    private enum CodingKeys: String, CodingKey {
        case residentId, month, amountFen, batchId, reasonCode
    }

    /// Decodes the event; text over its limit is reported at that field.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        residentId = try container.decodeText(forKey: .residentId, limit: WireLimits.residentId)
        month = try container.decodeText(forKey: .month, limit: PayoutLimits.month)
        amountFen = try container.decodeInteger(forKey: .amountFen)
        batchId = try container.decodeText(forKey: .batchId, limit: PayoutLimits.batchId)
        reasonCode = try container.decodeText(forKey: .reasonCode, limit: WireLimits.reasonCode)
    }

    /// Reads the event as `init(from:)` does, or returns `nil`.
    public init?(wireFields fields: WireFields) {
        guard let residentId = fields.string("residentId", limit: WireLimits.residentId),
            let month = fields.string("month", limit: PayoutLimits.month),
            let amountFen = fields.integer("amountFen"),
            let batchId = fields.string("batchId", limit: PayoutLimits.batchId),
            let reasonCode = fields.string("reasonCode", limit: WireLimits.reasonCode)
        else { return nil }
        self.init(residentId: residentId, month: month, amountFen: amountFen, batchId: batchId, reasonCode: reasonCode)
    }

    /// Writes the fields in key order.
    public func writeWireFields(to writer: inout WireWriter) {
        writer.write("amountFen", integer: amountFen)
        writer.write("batchId", string: batchId)
        writer.write("month", string: month)
        writer.write("reasonCode", string: reasonCode)
        writer.write("residentId", string: residentId)
    }

    /// The event with personal data masked.
    public var description: String {
        "PayoutFailed(residentId: \(Masking.residentID(residentId)), month: \(month), amountFen: \(amountFen), batchId: \(batchId), reasonCode: \(reasonCode))"
    }
}

extension PayoutFailed {
    /// The reason codes a bank result file may give.
    public static let reasonCodes: Set<String> = ["no_card", "closed_account", "suspended", "deceased", "rejected_by_bank"]
}
