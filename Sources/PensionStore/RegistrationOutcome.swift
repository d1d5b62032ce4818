/// What applying one registration did.
public enum RegistrationOutcome: String, Sendable, CaseIterable {
    /// A new enrollee: the resident had no row yet.
    case enrolled
    /// The same resident registered again under a new event: the fields were updated, no new row was added.
    case updated
    /// This event ID was applied before (in an earlier batch or earlier in this one): nothing changed.
    case alreadyApplied
}
