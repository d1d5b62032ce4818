import Foundation

/// A request to print one pensioner's basic-pension collection certificate (基础养老金领取证),
/// `certificate.print.requested`, keyed by resident ID on `pension.certificate.print-jobs`.
public struct CertificatePrintRequested: EventPayload, Hashable, CustomStringConvertible {
    /// `certificate.print.requested`.
    public static let eventType = "certificate.print.requested"
    /// 1.
    public static let schemaVersion = 1

    /// The pensioner's 18-character resident ID number.
    public let residentId: String
    /// The pensioner's name.
    public let name: String
    /// The pensioner's sex.
    public let sex: Sex
    /// The pensioner's birth date.
    public let birthDate: CivilDate
    /// The 12-digit village code.
    public let villageCode: String
    /// The benefit, `basic_pension`.
    public let benefitType: String
    /// The monthly amount in fen.
    public let monthlyAmountFen: Int
    /// The first month paid, `YYYY-MM`.
    public let firstPaidMonth: String
    /// The bank card or passbook number, masked; absent when the pensioner has no card yet.
    public let bankAccountMasked: String?
    /// The day the pensioner became eligible.
    public let eligibleOn: CivilDate
    /// The `eventId` of the `pension.eligible` or `pension.released` event that made the pensioner eligible.
    public let eligibilityEventId: UUID

    /// Creates a print request.
    ///
    /// - Parameters:
    ///   - residentId: the 18-character resident ID.
    ///   - name: the name.
    ///   - sex: the sex.
    ///   - birthDate: the birth date.
    ///   - villageCode: the 12-digit village code.
    ///   - benefitType: `basic_pension`.
    ///   - monthlyAmountFen: the monthly amount in fen.
    ///   - firstPaidMonth: `YYYY-MM`.
    ///   - bankAccountMasked: the masked card number, or `nil`.
    ///   - eligibleOn: the day of eligibility.
    ///   - eligibilityEventId: the eligibility event's ID.
    public init(
        residentId: String, name: String, sex: Sex, birthDate: CivilDate, villageCode: String, benefitType: String,
        monthlyAmountFen: Int, firstPaidMonth: String, bankAccountMasked: String?, eligibleOn: CivilDate,
        eligibilityEventId: UUID
    ) {
        self.residentId = residentId
        self.name = name
        self.sex = sex
        self.birthDate = birthDate
        self.villageCode = villageCode
        self.benefitType = benefitType
        self.monthlyAmountFen = monthlyAmountFen
        self.firstPaidMonth = firstPaidMonth
        self.bankAccountMasked = bankAccountMasked
        self.eligibleOn = eligibleOn
        self.eligibilityEventId = eligibilityEventId
    }

    private enum CodingKeys: String, CodingKey {
        case residentId, name, sex, birthDate, villageCode, benefitType, monthlyAmountFen, firstPaidMonth
        case bankAccountMasked, eligibleOn, eligibilityEventId
    }

    private static let benefitTypeLimit = WireTextLimit(characters: 32)
    private static let monthLimit = WireTextLimit(characters: 7)

    /// Decodes a print request; text over its limit is reported at that field.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        residentId = try container.decodeText(forKey: .residentId, limit: WireLimits.residentId)
        name = try container.decodeText(forKey: .name, limit: WireLimits.name)
        sex = try container.decode(Sex.self, forKey: .sex)
        birthDate = try container.decode(CivilDate.self, forKey: .birthDate)
        villageCode = try container.decodeText(forKey: .villageCode, limit: WireLimits.villageCode)
        benefitType = try container.decodeText(forKey: .benefitType, limit: Self.benefitTypeLimit)
        monthlyAmountFen = try container.decodeInteger(forKey: .monthlyAmountFen)
        firstPaidMonth = try container.decodeText(forKey: .firstPaidMonth, limit: Self.monthLimit)
        bankAccountMasked = try container.decodeTextIfPresent(forKey: .bankAccountMasked, limit: WireLimits.bankAccount)
        eligibleOn = try container.decode(CivilDate.self, forKey: .eligibleOn)
        eligibilityEventId = try container.decode(UUID.self, forKey: .eligibilityEventId)
    }

    /// Reads a print request as `init(from:)` does, or returns `nil`.
    public init?(wireFields fields: WireFields) {
        guard let residentId = fields.string("residentId", limit: WireLimits.residentId),
            let name = fields.string("name", limit: WireLimits.name),
            let sex = fields.sex("sex"),
            let birthDate = fields.civilDate("birthDate"),
            let villageCode = fields.string("villageCode", limit: WireLimits.villageCode),
            let benefitType = fields.string("benefitType", limit: Self.benefitTypeLimit),
            let monthlyAmountFen = fields.integer("monthlyAmountFen"),
            let firstPaidMonth = fields.string("firstPaidMonth", limit: Self.monthLimit),
            let bankAccountMasked = fields.optionalString("bankAccountMasked", limit: WireLimits.bankAccount),
            let eligibleOn = fields.civilDate("eligibleOn"),
            let eligibilityEventId = fields.uuid("eligibilityEventId")
        else { return nil }
        self.init(
            residentId: residentId, name: name, sex: sex, birthDate: birthDate, villageCode: villageCode,
            benefitType: benefitType, monthlyAmountFen: monthlyAmountFen, firstPaidMonth: firstPaidMonth,
            bankAccountMasked: bankAccountMasked, eligibleOn: eligibleOn, eligibilityEventId: eligibilityEventId
        )
    }

    /// Writes the fields in key order, leaving out an absent card.
    public func writeWireFields(to writer: inout WireWriter) {
        writer.write("bankAccountMasked", string: bankAccountMasked)
        writer.write("benefitType", string: benefitType)
        writer.write("birthDate", date: birthDate)
        writer.write("eligibilityEventId", uuid: eligibilityEventId)
        writer.write("eligibleOn", date: eligibleOn)
        writer.write("firstPaidMonth", string: firstPaidMonth)
        writer.write("monthlyAmountFen", integer: monthlyAmountFen)
        writer.write("name", string: name)
        writer.write("residentId", string: residentId)
        writer.write("sex", string: sex.rawValue)
        writer.write("villageCode", string: villageCode)
    }

    /// The request with the resident ID and name masked and the birth date left out.
    public var description: String {
        "CertificatePrintRequested(residentId: \(Masking.residentID(residentId)), name: \(Masking.name(name)), "
            + "villageCode: \(villageCode), monthlyAmountFen: \(monthlyAmountFen), firstPaidMonth: \(firstPaidMonth))"
    }
}
