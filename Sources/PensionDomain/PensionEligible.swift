import Foundation

/// A verified resident aged 60 or more at the scheme's start whose family binding holds: paid the basic pension from
/// ``firstPaidMonth`` (`pension.eligible`, keyed by resident ID on `pension.eligibility`).
public struct PensionEligible: EventPayload, Hashable, CustomStringConvertible {
    /// `pension.eligible`.
    public static let eventType = "pension.eligible"
    /// 1.
    public static let schemaVersion = 1

    /// The 18-character resident ID number.
    public let residentId: String
    /// The household register number.
    public let householdNumber: String
    /// The 12-digit village code.
    public let villageCode: String
    /// The sex.
    public let sex: Sex
    /// The birth date.
    public let birthDate: CivilDate
    /// The monthly pension in fen.
    public let monthlyAmountFen: Int
    /// The first month paid, `YYYY-MM`.
    public let firstPaidMonth: String
    /// The day of eligibility.
    public let eligibleOn: CivilDate
    /// The `id.verified` event this answers.
    public let verificationEventId: UUID

    /// Creates the event; see the properties.
    public init(
        residentId: String, householdNumber: String, villageCode: String, sex: Sex, birthDate: CivilDate,
        monthlyAmountFen: Int, firstPaidMonth: String, eligibleOn: CivilDate, verificationEventId: UUID
    ) {
        self.residentId = residentId
        self.householdNumber = householdNumber
        self.villageCode = villageCode
        self.sex = sex
        self.birthDate = birthDate
        self.monthlyAmountFen = monthlyAmountFen
        self.firstPaidMonth = firstPaidMonth
        self.eligibleOn = eligibleOn
        self.verificationEventId = verificationEventId
    }

    private enum CodingKeys: String, CodingKey {
        case residentId, householdNumber, villageCode, sex, birthDate, monthlyAmountFen, firstPaidMonth, eligibleOn
        case verificationEventId
    }

    static let monthLimit = WireTextLimit(characters: 7)

    /// Decodes the event; text over its limit is reported at that field.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        residentId = try container.decodeText(forKey: .residentId, limit: WireLimits.residentId)
        householdNumber = try container.decodeText(forKey: .householdNumber, limit: WireLimits.householdNumber)
        villageCode = try container.decodeText(forKey: .villageCode, limit: WireLimits.villageCode)
        sex = try container.decode(Sex.self, forKey: .sex)
        birthDate = try container.decode(CivilDate.self, forKey: .birthDate)
        monthlyAmountFen = try container.decodeInteger(forKey: .monthlyAmountFen)
        firstPaidMonth = try container.decodeText(forKey: .firstPaidMonth, limit: Self.monthLimit)
        eligibleOn = try container.decode(CivilDate.self, forKey: .eligibleOn)
        verificationEventId = try container.decode(UUID.self, forKey: .verificationEventId)
    }

    /// Reads the event as `init(from:)` does, or returns `nil`.
    public init?(wireFields fields: WireFields) {
        guard let residentId = fields.string("residentId", limit: WireLimits.residentId),
            let householdNumber = fields.string("householdNumber", limit: WireLimits.householdNumber),
            let villageCode = fields.string("villageCode", limit: WireLimits.villageCode),
            let sex = fields.sex("sex"),
            let birthDate = fields.civilDate("birthDate"),
            let monthlyAmountFen = fields.integer("monthlyAmountFen"),
            let firstPaidMonth = fields.string("firstPaidMonth", limit: Self.monthLimit),
            let eligibleOn = fields.civilDate("eligibleOn"),
            let verificationEventId = fields.uuid("verificationEventId")
        else { return nil }
        self.init(
            residentId: residentId, householdNumber: householdNumber, villageCode: villageCode, sex: sex,
            birthDate: birthDate, monthlyAmountFen: monthlyAmountFen, firstPaidMonth: firstPaidMonth,
            eligibleOn: eligibleOn, verificationEventId: verificationEventId
        )
    }

    /// Writes the fields in key order.
    public func writeWireFields(to writer: inout WireWriter) {
        writer.write("birthDate", date: birthDate)
        writer.write("eligibleOn", date: eligibleOn)
        writer.write("firstPaidMonth", string: firstPaidMonth)
        writer.write("householdNumber", string: householdNumber)
        writer.write("monthlyAmountFen", integer: monthlyAmountFen)
        writer.write("residentId", string: residentId)
        writer.write("sex", string: sex.rawValue)
        writer.write("verificationEventId", uuid: verificationEventId)
        writer.write("villageCode", string: villageCode)
    }

    /// The event with the resident ID masked and the birth date left out.
    public var description: String {
        "PensionEligible(residentId: \(Masking.residentID(residentId)), villageCode: \(villageCode), "
            + "monthlyAmountFen: \(monthlyAmountFen), firstPaidMonth: \(firstPaidMonth))"
    }
}
