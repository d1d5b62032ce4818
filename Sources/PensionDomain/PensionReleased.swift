import Foundation

/// A held pensioner whose family binding now holds, because the last household member of contribution age was
/// verified (`pension.released`, keyed by the pensioner's resident ID on `pension.eligibility`). Emitted once, in
/// the transaction that applied that member's `id.verified`.
public struct PensionReleased: EventPayload, Hashable, CustomStringConvertible {
    /// `pension.released`.
    public static let eventType = "pension.released"
    /// 1.
    public static let schemaVersion = 1

    /// The pensioner's 18-character resident ID number.
    public let residentId: String
    /// The household register number.
    public let householdNumber: String
    /// The 12-digit village code.
    public let villageCode: String
    /// The monthly pension in fen.
    public let monthlyAmountFen: Int
    /// The first month paid, `YYYY-MM`.
    public let firstPaidMonth: String
    /// The day of release (eligibility).
    public let eligibleOn: CivilDate
    /// The household member's `id.verified` event that released the hold.
    public let releasedByEventId: UUID

    /// Creates the event; see the properties.
    public init(
        residentId: String, householdNumber: String, villageCode: String, monthlyAmountFen: Int,
        firstPaidMonth: String, eligibleOn: CivilDate, releasedByEventId: UUID
    ) {
        self.residentId = residentId
        self.householdNumber = householdNumber
        self.villageCode = villageCode
        self.monthlyAmountFen = monthlyAmountFen
        self.firstPaidMonth = firstPaidMonth
        self.eligibleOn = eligibleOn
        self.releasedByEventId = releasedByEventId
    }

    private enum CodingKeys: String, CodingKey {
        case residentId, householdNumber, villageCode, monthlyAmountFen, firstPaidMonth, eligibleOn, releasedByEventId
    }

    /// Decodes the event; text over its limit is reported at that field.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        residentId = try container.decodeText(forKey: .residentId, limit: WireLimits.residentId)
        householdNumber = try container.decodeText(forKey: .householdNumber, limit: WireLimits.householdNumber)
        villageCode = try container.decodeText(forKey: .villageCode, limit: WireLimits.villageCode)
        monthlyAmountFen = try container.decodeInteger(forKey: .monthlyAmountFen)
        firstPaidMonth = try container.decodeText(forKey: .firstPaidMonth, limit: PensionEligible.monthLimit)
        eligibleOn = try container.decode(CivilDate.self, forKey: .eligibleOn)
        releasedByEventId = try container.decode(UUID.self, forKey: .releasedByEventId)
    }

    /// Reads the event as `init(from:)` does, or returns `nil`.
    public init?(wireFields fields: WireFields) {
        guard let residentId = fields.string("residentId", limit: WireLimits.residentId),
            let householdNumber = fields.string("householdNumber", limit: WireLimits.householdNumber),
            let villageCode = fields.string("villageCode", limit: WireLimits.villageCode),
            let monthlyAmountFen = fields.integer("monthlyAmountFen"),
            let firstPaidMonth = fields.string("firstPaidMonth", limit: PensionEligible.monthLimit),
            let eligibleOn = fields.civilDate("eligibleOn"),
            let releasedByEventId = fields.uuid("releasedByEventId")
        else { return nil }
        self.init(
            residentId: residentId, householdNumber: householdNumber, villageCode: villageCode,
            monthlyAmountFen: monthlyAmountFen, firstPaidMonth: firstPaidMonth, eligibleOn: eligibleOn,
            releasedByEventId: releasedByEventId
        )
    }

    /// Writes the fields in key order.
    public func writeWireFields(to writer: inout WireWriter) {
        writer.write("eligibleOn", date: eligibleOn)
        writer.write("firstPaidMonth", string: firstPaidMonth)
        writer.write("householdNumber", string: householdNumber)
        writer.write("monthlyAmountFen", integer: monthlyAmountFen)
        writer.write("releasedByEventId", uuid: releasedByEventId)
        writer.write("residentId", string: residentId)
        writer.write("villageCode", string: villageCode)
    }

    /// The event with the resident ID masked.
    public var description: String {
        "PensionReleased(residentId: \(Masking.residentID(residentId)), villageCode: \(villageCode), "
            + "monthlyAmountFen: \(monthlyAmountFen), firstPaidMonth: \(firstPaidMonth))"
    }
}
