import PensionDomain

/// One person in the household register (户籍), the reference that registrations are checked against.
///
/// The description masks the resident ID and the name.
public struct HouseholdMember: Sendable, Hashable, CustomStringConvertible {
    /// The household register (户口簿) number.
    public var householdNumber: String
    /// The resident ID, normalised to 18 characters where it parses.
    public var residentId: String
    /// The person's name.
    public var name: String
    /// The relationship to the head of household; `nil` in registers that do not give it.
    public var relationship: HouseholdRelationship?
    /// The sex; `nil` in registers that do not give it.
    public var sex: Sex?
    /// The birth date; `nil` in registers that do not give it (the store then takes it from a valid ID number).
    public var birthDate: CivilDate?
    /// Why the member does not bind the household's elderly although of contribution age; `nil` when they do.
    public var exemption: BindingExemption?

    /// Creates a member.
    ///
    /// - Parameters:
    ///   - householdNumber: the household register number.
    ///   - residentId: the resident ID.
    ///   - name: the person's name.
    ///   - relationship: the relationship to the head of household, if known.
    ///   - sex: the sex, if known.
    ///   - birthDate: the birth date, if known.
    ///   - exemption: why the member does not bind, if exempt.
    public init(
        householdNumber: String, residentId: String, name: String, relationship: HouseholdRelationship? = nil,
        sex: Sex? = nil, birthDate: CivilDate? = nil, exemption: BindingExemption? = nil
    ) {
        self.householdNumber = householdNumber
        self.residentId = residentId
        self.name = name
        self.relationship = relationship
        self.sex = sex
        self.birthDate = birthDate
        self.exemption = exemption
    }

    /// The member with the resident ID and name masked.
    public var description: String {
        "HouseholdMember(householdNumber: \(householdNumber), residentId: \(Masking.residentID(residentId)), "
            + "name: \(Masking.name(name)))"
    }
}
