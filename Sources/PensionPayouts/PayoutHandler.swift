import Foundation
import Kafka
import PensionDomain
import PensionStore
import PensionWorkers

/// The payout stage: consumes `pension.payout` (`payout.requested`, `bankcard.issued`, `payout.completed`,
/// `payout.failed`, all keyed by resident ID, so one resident's events stay in order) and keeps the ledger: one
/// payment per pensioner and month (the ledger's primary key), held while no card is known and ready once one
/// arrives, settled by the bank's results. It emits nothing; the bank batch files are made from the ledger by
/// `pension payout batches`.
public struct PayoutHandler: StageHandler {
    public typealias Event = PayoutEvent
    public typealias Record = PayoutRecord
    public typealias Outcome = PayoutOutcome

    public let stage = StoreStage.payout
    public let inputTopic: String
    public let deadLetterTopic: String
    private let store: any PayoutStore & PensionStore

    /// - Throws: ``PayoutSetupError`` when the catalog lacks the payout topic or its dead-letter topic.
    public init(topics: TopicCatalog, store: any PayoutStore & PensionStore) throws {
        guard let topic = topics.topic(forEvent: PayoutRequested.eventType) else {
            throw PayoutSetupError("config/topics.json has no topic for \(PayoutRequested.eventType)")
        }
        for type in [BankCardIssued.eventType, PayoutCompleted.eventType, PayoutFailed.eventType]
        where topics.topic(forEvent: type)?.name != topic.name {
            throw PayoutSetupError("config/topics.json must carry \(type) on \(topic.name)")
        }
        guard let deadLetter = topic.deadLetter else {
            throw PayoutSetupError("config/topics.json gives \(topic.name) no dead-letter topic")
        }
        inputTopic = topic.name
        deadLetterTopic = deadLetter
        self.store = store
    }

    public func decode(_ message: KafkaMessage) throws(EventDecodingError) -> PayoutEvent {
        let bytes = message.value
        switch try WireDecoder.header(of: bytes).type {
        case BankCardIssued.eventType:
            let event = try WireDecoder.decode(BankCardIssued.self, from: bytes)
            let p = event.payload
            return PayoutEvent(event, .cardIssued(
                residentId: MessageKey.resident(p.residentId), cardNumber: p.cardNumber, issuedOn: p.issuedOn))
        case PayoutCompleted.eventType:
            let event = try WireDecoder.decode(PayoutCompleted.self, from: bytes)
            let p = event.payload
            return PayoutEvent(event, .completed(
                residentId: MessageKey.resident(p.residentId), month: try Self.month(p.month), batchId: p.batchId))
        case PayoutFailed.eventType:
            let event = try WireDecoder.decode(PayoutFailed.self, from: bytes)
            let p = event.payload
            guard PayoutFailed.reasonCodes.contains(p.reasonCode) else {
                throw EventDecodingError(code: .invalidValue, field: "payload.reasonCode", message: "unknown reason code")
            }
            return PayoutEvent(event, .failed(
                residentId: MessageKey.resident(p.residentId), month: try Self.month(p.month), batchId: p.batchId,
                reasonCode: p.reasonCode))
        default:
            let event = try WireDecoder.decode(PayoutRequested.self, from: bytes)
            let p = event.payload
            guard p.amountFen > 0 else {
                throw EventDecodingError(code: .invalidValue, field: "payload.amountFen", message: "must be positive")
            }
            return PayoutEvent(event, .requested(
                residentId: MessageKey.resident(p.residentId), month: try Self.month(p.month), amountFen: p.amountFen,
                villageCode: p.villageCode))
        }
    }

    private static func month(_ text: String) throws(EventDecodingError) -> String {
        guard let month = PayoutMonth(text) else {
            throw EventDecodingError(code: .invalidValue, field: "payload.month", message: "must be YYYY-MM")
        }
        return month.description
    }

    public func context(for events: [PayoutEvent]) async throws {}

    public func decide(_ event: PayoutEvent, at source: SourcePosition, context: Void) throws(EventDecodingError)
        -> Decision<PayoutRecord>
    {
        Decision(record: PayoutRecord(
            eventId: event.eventId, source: source, townshipCode: event.townshipCode, change: event.change))
    }

    public func apply(_ batch: StageBatch<PayoutRecord>) async throws -> [AppliedEvent<PayoutOutcome>] {
        try await store.apply(batch)
    }

    public func failureKind(of error: any Error) -> FailureKind? { store.failureKind(of: error) }
}

/// One decoded `pension.payout` event.
public struct PayoutEvent: Sendable {
    /// The envelope's event ID.
    public let eventId: UUID
    /// The envelope's township.
    public let townshipCode: String
    /// The ledger change it asks for.
    public let change: PayoutRecord.Change

    init<P>(_ envelope: EventEnvelope<P>, _ change: PayoutRecord.Change) {
        self.init(eventId: envelope.eventId, townshipCode: envelope.townshipCode, change: change)
    }

    /// - Parameters:
    ///   - eventId: the envelope's event ID.
    ///   - townshipCode: the envelope's township.
    ///   - change: the ledger change.
    public init(eventId: UUID, townshipCode: String, change: PayoutRecord.Change) {
        self.eventId = eventId
        self.townshipCode = townshipCode
        self.change = change
    }
}
