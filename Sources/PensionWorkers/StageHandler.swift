import Kafka
import PensionDomain
import PensionStore

/// One pipeline stage (registration, ID verification, …) run by ``StageWorker``: pure decisions over decoded
/// events, with the store reads and writes it needs.
///
/// The runtime owns everything else: polling, keys and partitions of follow-ups (from the partition plan), headers,
/// dead letters, the outbox, retries and commits. For each batch it calls ``decode(_:)`` per message (a throw makes
/// that message a dead letter), ``context(for:)`` once (what the decisions need from the store), ``decide(_:at:context:)``
/// per event (a throw makes it a dead letter) and ``apply(_:)`` once (one store transaction with the outbox).
public protocol StageHandler: Sendable {
    /// A decoded, validated input event.
    associatedtype Event: Sendable
    /// What ``decide(_:at:context:)`` reads from the store, loaded once per batch.
    associatedtype Context: Sendable
    /// What the store applies for one event.
    associatedtype Record: StageRecord
    /// What applying one record did.
    associatedtype Outcome: Sendable & Equatable

    /// The stage name used in the store, logs and metrics, e.g. `registration`.
    var stage: String { get }
    /// The topic this stage consumes.
    var inputTopic: String { get }
    /// Every topic this stage consumes, in one consumer group; by default only ``inputTopic``. The messages of all
    /// of them arrive in the same batches (the metrics stage reads every stage's topics).
    var inputTopics: [String] { get }
    /// Where messages that can never succeed are parked.
    var deadLetterTopic: String { get }

    /// Decodes and validates one message.
    /// - Throws: the reason the message can never be processed; it becomes a dead letter.
    func decode(_ message: KafkaMessage) throws(EventDecodingError) -> Event

    /// Reads what the batch's decisions need (for example household-register entries).
    /// - Throws: a store error; an unavailable store is retried.
    func context(for events: [Event]) async throws -> Context

    /// Decides one event's effect: the record to apply and the follow-up events. Pure: same input, same decision.
    /// - Throws: the reason the event can never be processed; it becomes a dead letter.
    func decide(_ event: Event, at source: SourcePosition, context: Context) throws(EventDecodingError)
        -> Decision<Record>

    /// Applies a batch in one store transaction (effects, outbox, dead letters); see ``PensionStore``.
    /// - Throws: a store error, classified by ``failureKind(of:)``.
    func apply(_ batch: StageBatch<Record>) async throws -> [AppliedEvent<Outcome>]

    /// How the runtime treats an error of this stage's store; `nil` when it is not the store's.
    func failureKind(of error: any Error) -> FailureKind?

    /// The follow-ups to produce for an event ``apply(_:)`` has just applied (new at this stage): by default those
    /// decided before the transaction. A stage whose transaction decides more, or fills in what the store assigned
    /// (a certificate's number and page, household members released by this event), returns what it stored in the
    /// event's outbox with the outcome; that is also what a redelivery sends.
    func followUps(applied outcome: Outcome, decided: [OutboxMessage]) -> [OutboxMessage]
}

extension StageHandler {
    /// Only ``inputTopic``.
    public var inputTopics: [String] { [inputTopic] }

    /// The follow-ups decided before the transaction.
    public func followUps(applied outcome: Outcome, decided: [OutboxMessage]) -> [OutboxMessage] { decided }
}

extension StageHandler where Context == Void {
    /// No context: the decisions need nothing from the store.
    public func context(for events: [Event]) async throws {}
}

/// The effect of one event, as a handler decides it.
public struct Decision<Record: StageRecord>: Sendable {
    /// What the store applies.
    public var record: Record
    /// The events this one causes, stored in the outbox with the record and then produced.
    public var followUps: [FollowUp]

    /// - Parameters:
    ///   - record: what the store applies.
    ///   - followUps: the events this one causes.
    public init(record: Record, followUps: [FollowUp] = []) {
        self.record = record
        self.followUps = followUps
    }
}

/// A follow-up event: its topic, key and encoded envelope with the wire headers; the runtime adds the partition
/// (from the partition plan and the event's township).
public struct FollowUp: Sendable {
    /// The message without its partition yet.
    var message: OutboxMessage
    /// The township that chooses the partition.
    let townshipCode: String

    /// - Parameters:
    ///   - envelope: the event; its ID must derive from the source event (``EventIDs``), so a retry repeats it.
    ///   - topic: where it goes.
    ///   - key: the message key (``MessageKey``).
    /// - Throws: `invalid_value` at `townshipCode` when the envelope cannot be encoded.
    public init<Payload: EventPayload>(_ envelope: EventEnvelope<Payload>, topic: String, key: String)
        throws(EventDecodingError)
    {
        let value: [UInt8]
        do {
            value = try envelope.encodedBytes()
        } catch {
            throw EventDecodingError(code: .invalidValue, field: "townshipCode", message: "must be 9 digits")
        }
        var message = OutboxMessage(topic: topic, partition: -1, key: Array(key.utf8), value: value)
        EventEnvelope<Payload>.forEachHeader(eventId: envelope.eventId) { message.addHeader($0, $1) }
        self.message = message
        self.townshipCode = envelope.townshipCode
    }

    /// The follow-up in the partition the plan gives its township and key.
    /// - Throws: `PartitionPlanError` for a township the plan does not know.
    public func placed(by plan: PartitionPlan) throws(PartitionPlanError) -> OutboxMessage {
        var placed = message
        placed.partition = try plan.partition(townshipCode: townshipCode, key: String(decoding: message.key, as: UTF8.self))
        return placed
    }
}
