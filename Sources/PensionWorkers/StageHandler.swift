import Kafka
import PensionDomain
import PensionStore

/// What one stage does with a batch, before anything is committed.
public struct BatchPlan: Sendable {
    /// Follow-up events to produce (their event ids derive from the source events, so a retry repeats them
    /// exactly and downstream stages ignore the repeat).
    public var followUps: [KafkaProducerMessage] = []
    /// Messages that can never succeed, with the reason.
    public var deadLetters: [(message: KafkaMessage, error: EventDecodingError, townshipCode: String?)] = []
    /// Writes the batch's effects, and the ids of the events that caused them, in one store transaction.
    public var persist: @Sendable ([DeadLetterRecord]) async throws -> Void

    /// - Parameter persist: the store write for this batch.
    public init(persist: @escaping @Sendable ([DeadLetterRecord]) async throws -> Void) { self.persist = persist }
}

/// One pipeline stage (registration, ID verification, …) run by ``StageWorker``.
public protocol StageHandler: Sendable {
    /// The stage name used in the store and logs, e.g. `registration`.
    var stage: String { get }
    /// The topic this stage consumes.
    var inputTopic: String { get }
    /// Where messages that can never succeed are parked.
    var deadLetterTopic: String { get }
    /// Decodes and validates a batch and decides its effects. Throws only for transient failures (the whole
    /// batch is then retried); a bad message becomes a dead letter instead.
    func plan(_ batch: [KafkaMessage]) async throws -> BatchPlan
}
