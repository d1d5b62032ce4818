import Foundation

/// One message of any stage's topic as the metrics projection counts it (``MetricsStore``).
public struct MetricsRecord: StageRecord, CustomStringConvertible {
    /// The event's ID, or for a dead letter or an unreadable message an ID derived from its position, so a
    /// redelivered message counts once.
    public var eventId: UUID
    /// Where it was read.
    public var source: SourcePosition
    /// The 9-digit township code (from the envelope, else from the partition plan).
    public var townshipCode: String
    /// What it counts for.
    public var fact: MetricsFact

    /// Creates a record; see the properties.
    public init(eventId: UUID, source: SourcePosition, townshipCode: String, fact: MetricsFact) {
        self.eventId = eventId
        self.source = source
        self.townshipCode = townshipCode
        self.fact = fact
    }

    /// The fact without personal data (resident IDs are never described).
    public var description: String { "MetricsRecord(\(fact.name), township: \(townshipCode))" }
}

/// What one message counts for. Facts about a resident are kept per resident (a resident is enrolled, verified,
/// eligible … once however many events say so); the others are counted per message.
public enum MetricsFact: Sendable, Hashable {
    /// A message on the registration topic (`registration.submitted`, readable or not).
    case submitted(villageCode: String)
    /// `id.verification.requested`: the registration stage recorded the resident.
    case enrolled(residentId: String, villageCode: String)
    /// `id.verified`.
    case verified(residentId: String, villageCode: String)
    /// `id.rejected` with its reason code.
    case rejected(residentId: String, villageCode: String, reason: String)
    /// `pension.eligible`.
    case eligible(residentId: String, villageCode: String)
    /// `pension.held` with its reason code.
    case held(residentId: String, villageCode: String, reason: String)
    /// `pension.released`: held, then eligible.
    case released(residentId: String, villageCode: String)
    /// `certificate.printed` with outcome `printed`.
    case certificatePrinted(residentId: String, villageCode: String)
    /// `bankcard.issued`.
    case bankCard(residentId: String)
    /// `payout.completed`: one month paid (a month counts once per resident).
    case paid(residentId: String, month: String, amountFen: Int)
    /// `payout.failed` with the bank's reason code.
    case payoutFailed(reason: String)
    /// A message of a dead-letter topic: the stage that parked it and the reason code.
    case deadLetter(stage: String, reason: String)
    /// A message the projection does not count (an event type it does not know, an already-issued certificate).
    case ignored

    /// A short name for logs and tests.
    public var name: String {
        switch self {
        case .submitted: "submitted"
        case .enrolled: "enrolled"
        case .verified: "verified"
        case .rejected: "rejected"
        case .eligible: "eligible"
        case .held: "held"
        case .released: "released"
        case .certificatePrinted: "certificate_printed"
        case .bankCard: "bank_card"
        case .paid: "paid"
        case .payoutFailed: "payout_failed"
        case .deadLetter: "dead_letter"
        case .ignored: "ignored"
        }
    }
}

/// What applying one ``MetricsRecord`` did.
public enum MetricsOutcome: String, Sendable, Equatable {
    /// The message was counted.
    case counted
    /// The message counts for nothing.
    case ignored
}
