import Foundation

/// A record one stage applies for one event: it knows the event's ID, where it was read and its township.
public protocol StageRecord: Sendable {
    /// The event's ID; the store applies an ID once per stage.
    var eventId: UUID { get }
    /// Where the event was read from.
    var source: SourcePosition { get }
    /// The 9-digit township code of the event.
    var townshipCode: String { get }
}

extension RegistrationRecord: StageRecord {}
extension VerificationRecord: StageRecord {}

/// One event's decided effect: the record to apply and the follow-up messages to keep in the outbox.
public struct StageEvent<Record: StageRecord>: Sendable {
    /// What the store applies.
    public var record: Record
    /// The follow-ups, stored with the event in the same transaction.
    public var outbox: [OutboxMessage]

    /// - Parameters:
    ///   - record: what the store applies.
    ///   - outbox: the follow-ups.
    public init(record: Record, outbox: [OutboxMessage] = []) {
        self.record = record
        self.outbox = outbox
    }
}

/// One batch of a stage, applied in one transaction: the events' effects and outboxes, and the dead letters.
public struct StageBatch<Record: StageRecord>: Sendable {
    /// The decided events, in partition order.
    public var events: [StageEvent<Record>]
    /// Messages of the batch that were parked instead; recorded once per source position.
    public var deadLetters: [DeadLetterRecord]

    /// - Parameters:
    ///   - events: the decided events.
    ///   - deadLetters: the batch's dead letters.
    public init(events: [StageEvent<Record>], deadLetters: [DeadLetterRecord] = []) {
        self.events = events
        self.deadLetters = deadLetters
    }
}

/// What the store did with one event of a ``StageBatch``.
public enum AppliedEvent<Outcome: Sendable & Equatable>: Sendable, Equatable {
    /// The event was new at this stage: its effect and its outbox were stored.
    case applied(Outcome)
    /// The stage applied this event ID before (an earlier batch, or earlier in this one): nothing changed, and
    /// `outbox` is what was stored then, to be sent again instead of a new decision.
    case alreadyApplied(outbox: [OutboxMessage])

    /// The stored outbox of an event applied before, or `nil` for a new one.
    public var storedOutbox: [OutboxMessage]? {
        if case .alreadyApplied(let outbox) = self { return outbox }
        return nil
    }
}
