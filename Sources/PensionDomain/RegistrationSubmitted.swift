/// A resident's enrollment as entered at a township station (`registration.submitted`).
///
/// The resident ID is kept as typed; a worker validates it. The description masks the ID and the name.
public struct RegistrationSubmitted: EventPayload, Hashable, CustomStringConvertible {
    /// `registration.submitted`.
    public static let eventType = "registration.submitted"
    /// 1.
    public static let schemaVersion = 1

    /// The resident ID number as typed at the station; not yet validated.
    public let residentId: String
    /// The resident's name.
    public let name: String
    /// The resident's sex as stated on the form.
    public let sex: Sex
    /// The resident's ethnicity (民族), e.g. `汉族`, if given.
    public let ethnicity: String?
    /// The household register (户口簿) number.
    public let householdNumber: String
    /// The 12-digit village code: the 9-digit township code and 3 more digits.
    public let villageCode: String
    /// The chosen yearly contribution tier in yuan, e.g. 100.
    public let contributionTierYuan: Int
    /// A contact phone number, if given.
    public let phone: String?
    /// The bank card or passbook number for payouts, if given.
    public let bankAccount: String?
    /// The registration station that entered the form, if known.
    public let stationId: String?

    /// Creates a registration.
    ///
    /// - Parameters:
    ///   - residentId: the ID number as typed.
    ///   - name: the resident's name.
    ///   - sex: the sex stated on the form.
    ///   - ethnicity: the ethnicity, if given.
    ///   - householdNumber: the household register number.
    ///   - villageCode: the 12-digit village code.
    ///   - contributionTierYuan: the yearly contribution tier in yuan.
    ///   - phone: a contact phone number, if given.
    ///   - bankAccount: the bank card or passbook number, if given.
    ///   - stationId: the registration station, if known.
    public init(
        residentId: String,
        name: String,
        sex: Sex,
        ethnicity: String? = nil,
        householdNumber: String,
        villageCode: String,
        contributionTierYuan: Int,
        phone: String? = nil,
        bankAccount: String? = nil,
        stationId: String? = nil
    ) {
        self.residentId = residentId
        self.name = name
        self.sex = sex
        self.ethnicity = ethnicity
        self.householdNumber = householdNumber
        self.villageCode = villageCode
        self.contributionTierYuan = contributionTierYuan
        self.phone = phone
        self.bankAccount = bankAccount
        self.stationId = stationId
    }

    private enum CodingKeys: String, CodingKey {
        case residentId, name, sex, ethnicity, householdNumber, villageCode, contributionTierYuan, phone, bankAccount
        case stationId
    }

    /// Decodes a registration; a fractional or oversized `contributionTierYuan`, or text over its ``WireLimits``, is
    /// reported at that field.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        residentId = try container.decodeText(forKey: .residentId, limit: WireLimits.residentId)
        name = try container.decodeText(forKey: .name, limit: WireLimits.name)
        sex = try container.decode(Sex.self, forKey: .sex)
        ethnicity = try container.decodeTextIfPresent(forKey: .ethnicity, limit: WireLimits.ethnicity)
        householdNumber = try container.decodeText(forKey: .householdNumber, limit: WireLimits.householdNumber)
        villageCode = try container.decodeText(forKey: .villageCode, limit: WireLimits.villageCode)
        contributionTierYuan = try container.decodeInteger(forKey: .contributionTierYuan)
        phone = try container.decodeTextIfPresent(forKey: .phone, limit: WireLimits.phone)
        bankAccount = try container.decodeTextIfPresent(forKey: .bankAccount, limit: WireLimits.bankAccount)
        stationId = try container.decodeTextIfPresent(forKey: .stationId, limit: WireLimits.stationId)
    }

    /// Reads a registration as `init(from:)` does, or returns `nil`.
    public init?(wireFields fields: WireFields) {
        guard let residentId = fields.string("residentId", limit: WireLimits.residentId),
            let name = fields.string("name", limit: WireLimits.name),
            let sex = fields.sex("sex"),
            let ethnicity = fields.optionalString("ethnicity", limit: WireLimits.ethnicity),
            let householdNumber = fields.string("householdNumber", limit: WireLimits.householdNumber),
            let villageCode = fields.string("villageCode", limit: WireLimits.villageCode),
            let contributionTierYuan = fields.integer("contributionTierYuan"),
            let phone = fields.optionalString("phone", limit: WireLimits.phone),
            let bankAccount = fields.optionalString("bankAccount", limit: WireLimits.bankAccount),
            let stationId = fields.optionalString("stationId", limit: WireLimits.stationId)
        else { return nil }
        self.init(
            residentId: residentId,
            name: name,
            sex: sex,
            ethnicity: ethnicity,
            householdNumber: householdNumber,
            villageCode: villageCode,
            contributionTierYuan: contributionTierYuan,
            phone: phone,
            bankAccount: bankAccount,
            stationId: stationId
        )
    }

    /// Writes the fields in key order, leaving out absent optional fields.
    public func writeWireFields(to writer: inout WireWriter) {
        writer.write("bankAccount", string: bankAccount)
        writer.write("contributionTierYuan", integer: contributionTierYuan)
        writer.write("ethnicity", string: ethnicity)
        writer.write("householdNumber", string: householdNumber)
        writer.write("name", string: name)
        writer.write("phone", string: phone)
        writer.write("residentId", string: residentId)
        writer.write("sex", string: sex.rawValue)
        writer.write("stationId", string: stationId)
        writer.write("villageCode", string: villageCode)
    }

    /// The registration with the resident ID and name masked and the phone and bank account left out.
    public var description: String {
        "RegistrationSubmitted(residentId: \(Masking.residentID(residentId)), name: \(Masking.name(name)), "
            + "sex: \(sex.rawValue), villageCode: \(villageCode), tier: \(contributionTierYuan))"
    }
}
