/// A household-register member's relationship to the head of household (与户主关系).
public enum HouseholdRelationship: String, Sendable, Hashable, Codable, CaseIterable {
    /// The head of household (户主).
    case head
    /// The head's spouse.
    case spouse
    /// A son or daughter of the head (or of the spouse).
    case child
    /// A child's spouse (儿媳, 女婿).
    case childInLaw = "child_in_law"
    /// A grandchild of the head.
    case grandchild
    /// A parent or parent-in-law of the head.
    case parent
    /// A brother or sister of the head.
    case sibling
    /// Anyone else listed in the household.
    case other
}
