import Foundation

/// A bank card (or passbook) opened for a resident, from the bank's account-opening feedback file (`bankcard.issued`,
/// keyed by resident ID on `pension.payout`). The number is carried in full, like a registration's `bankAccount`, and
/// masked in every log and operator message.
public struct BankCardIssued: EventPayload, Hashable, CustomStringConvertible {
    /// `bankcard.issued`.
    public static let eventType = "bankcard.issued"
    /// 1.
    public static let schemaVersion = 1

    /// The pensioner's 18-character resident ID number.
    public let residentId: String
    /// The card or passbook number.
    public let cardNumber: String
    /// The day the account was opened.
    public let issuedOn: CivilDate

    /// Creates the event; see the properties.
    public init(residentId: String, cardNumber: String, issuedOn: CivilDate) {
        self.residentId = residentId
        self.cardNumber = cardNumber
        self.issuedOn = issuedOn
    }

    private enum CodingKeys: String, CodingKey {
        case residentId, cardNumber, issuedOn
    }

    /// Decodes the event; text over its limit is reported at that field.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        residentId = try container.decodeText(forKey: .residentId, limit: WireLimits.residentId)
        cardNumber = try container.decodeText(forKey: .cardNumber, limit: WireLimits.bankAccount)
        issuedOn = try container.decode(CivilDate.self, forKey: .issuedOn)
    }

    /// Reads the event as `init(from:)` does, or returns `nil`.
    public init?(wireFields fields: WireFields) {
        guard let residentId = fields.string("residentId", limit: WireLimits.residentId),
            let cardNumber = fields.string("cardNumber", limit: WireLimits.bankAccount),
            let issuedOn = fields.civilDate("issuedOn")
        else { return nil }
        self.init(residentId: residentId, cardNumber: cardNumber, issuedOn: issuedOn)
    }

    /// Writes the fields in key order.
    public func writeWireFields(to writer: inout WireWriter) {
        writer.write("cardNumber", string: cardNumber)
        writer.write("issuedOn", date: issuedOn)
        writer.write("residentId", string: residentId)
    }

    /// The event with personal data masked.
    public var description: String {
        "BankCardIssued(residentId: \(Masking.residentID(residentId)), cardNumber: \(Masking.bankCard(cardNumber)), issuedOn: \(issuedOn))"
    }
}
