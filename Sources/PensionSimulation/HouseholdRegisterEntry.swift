import PensionDomain

/// One person's line in the household register (户口簿), as the ID-verification worker looks it up.
public struct HouseholdRegisterEntry: Sendable, Hashable, Codable {
    /// The household number: the 9-digit township code and 6 digits.
    public var householdNumber: String
    /// The person's true, valid 18-character ID number.
    public var residentId: String
    /// The person's name.
    public var name: String
    /// The person's sex.
    public var sex: Sex
    /// The person's birth date.
    public var birthDate: CivilDate
    /// The 12-digit village code of the household's address.
    public var villageCode: String
    /// True for the head of household (户主).
    public var isHeadOfHousehold: Bool
    /// The relationship to the head of household (``PensionDomain/HouseholdRelationship/head`` for the head).
    public var relationship: HouseholdRelationship

    /// Creates a register line.
    ///
    /// - Parameters:
    ///   - householdNumber: the household number.
    ///   - residentId: the 18-character ID number.
    ///   - name: the name.
    ///   - sex: the sex.
    ///   - birthDate: the birth date.
    ///   - villageCode: the 12-digit village code.
    ///   - isHeadOfHousehold: whether the person heads the household.
    ///   - relationship: the relationship to the head; by default `head` for the head, else `other`.
    public init(
        householdNumber: String,
        residentId: String,
        name: String,
        sex: Sex,
        birthDate: CivilDate,
        villageCode: String,
        isHeadOfHousehold: Bool,
        relationship: HouseholdRelationship? = nil
    ) {
        self.householdNumber = householdNumber
        self.residentId = residentId
        self.name = name
        self.sex = sex
        self.birthDate = birthDate
        self.villageCode = villageCode
        self.isHeadOfHousehold = isHeadOfHousehold
        self.relationship = relationship ?? (isHeadOfHousehold ? .head : .other)
    }
}

extension HouseholdRegisterEntry: CustomStringConvertible {
    /// The line with the ID number and name masked and the birth date left out.
    public var description: String {
        "HouseholdRegisterEntry(householdNumber: \(householdNumber), residentId: \(Masking.residentID(residentId)), "
            + "name: \(Masking.name(name)), villageCode: \(villageCode))"
    }
}
