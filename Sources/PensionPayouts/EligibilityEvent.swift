import PensionDomain

/// What the eligibility stage reads from `pension.id-verification.results`.
public enum EligibilityEvent: Sendable {
    /// A verified resident.
    case verified(EventEnvelope<IDVerified>)
    /// A rejected resident: recorded as seen, nothing to decide.
    case rejected(EventEnvelope<IDRejected>)
}
