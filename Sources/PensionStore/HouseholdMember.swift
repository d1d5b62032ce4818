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

    /// Creates a member.
    ///
    /// - Parameters:
    ///   - householdNumber: the household register number.
    ///   - residentId: the resident ID.
    ///   - name: the person's name.
    public init(householdNumber: String, residentId: String, name: String) {
        self.householdNumber = householdNumber
        self.residentId = residentId
        self.name = name
    }

    /// The member with the resident ID and name masked.
    public var description: String {
        "HouseholdMember(householdNumber: \(householdNumber), residentId: \(Masking.residentID(residentId)), "
            + "name: \(Masking.name(name)))"
    }
}
