/// What applying one verification decision did.
public enum VerificationOutcome: String, Sendable, CaseIterable {
    /// The event was recorded as applied, and the decision stored on the enrollee row if there is one.
    case recorded
    /// This event ID was applied before (in an earlier batch or earlier in this one): nothing changed.
    case alreadyApplied
}
