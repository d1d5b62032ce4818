import Foundation
import PensionDomain
import PensionStore
import PensionWorkers
import Synchronization

@testable import Kafka

/// What the test stage applies: the request's resident, by event.
struct TestRecord: StageRecord, Equatable {
    var eventId: UUID
    var source: SourcePosition
    var townshipCode: String
    var residentId: String
}

/// An in-memory store with a unique key per event, an outbox, dead letters, and switches for failures: a number of
/// writes that fail as if the store were down, events it refuses for good (a constraint), writes that fail fatally.
final class MemoryStageStore: Sendable {
    struct Unavailable: ClassifiedError { var failureKind: FailureKind { .infrastructure } }
    struct Refused: ClassifiedError { var failureKind: FailureKind { .message(reason: "store_rejected") } }
    struct Damaged: ClassifiedError { var failureKind: FailureKind { .fatal } }

    struct State {
        var applied: [UUID: [OutboxMessage]] = [:]
        var order: [TestRecord] = []
        var deadLetters: [DeadLetterRecord] = []
        var unavailableWrites = 0
        var alwaysUnavailable = false
        var damaged = false
        var refused: Set<UUID> = []
        var failedWrites = 0
        var writeDelay: Duration = .zero
        /// The events of each transaction that succeeded.
        var writes: [Int] = []
    }

    let state = Mutex(State())

    func apply(_ batch: StageBatch<TestRecord>) async throws -> [AppliedEvent<Bool>] {
        let delay = state.withLock { $0.writeDelay }
        if delay > .zero { try? await Task.sleep(for: delay) }
        return try state.withLock { state in
            if state.damaged { throw Damaged() }
            if state.alwaysUnavailable || state.unavailableWrites > 0 {
                state.unavailableWrites = max(0, state.unavailableWrites - 1)
                state.failedWrites += 1
                throw Unavailable()
            }
            if batch.events.contains(where: { state.refused.contains($0.record.eventId) }) { throw Refused() }
            var results: [AppliedEvent<Bool>] = []
            for event in batch.events {
                if let outbox = state.applied[event.record.eventId] {
                    results.append(.alreadyApplied(outbox: outbox))
                } else {
                    state.applied[event.record.eventId] = event.outbox
                    state.order.append(event.record)
                    results.append(.applied(true))
                }
            }
            for letter in batch.deadLetters where !state.deadLetters.contains(where: { $0.source == letter.source }) {
                state.deadLetters.append(letter)
            }
            state.writes.append(batch.events.count)
            return results
        }
    }
}

/// A stage over `id.verification.requested` that records the resident and emits one follow-up per event to
/// `out`, keyed by resident; its decisions read `suffix` from the context, so a test can tell a recomputed
/// follow-up from a stored one.
struct TestStage: StageHandler {
    typealias Event = EventEnvelope<IDVerificationRequested>
    typealias Context = String

    let stage: String
    let inputTopic = "in"
    let deadLetterTopic = "dlq"
    let store: MemoryStageStore
    let suffix = Box()

    final class Box: Sendable {
        let value = Mutex("first")
        func get() -> String { value.withLock { $0 } }
        func set(_ text: String) { value.withLock { $0 = text } }
    }

    init(stage: String = "test-\(UUID().uuidString.prefix(8))", store: MemoryStageStore = MemoryStageStore()) {
        self.stage = stage
        self.store = store
    }

    func decode(_ message: KafkaMessage) throws(EventDecodingError) -> Event {
        try WireDecoder.decode(IDVerificationRequested.self, from: message.value)
    }

    func context(for events: [Event]) async throws -> String { suffix.get() }

    func decide(_ event: Event, at source: SourcePosition, context: String) throws(EventDecodingError)
        -> Decision<TestRecord>
    {
        let followUp = EventEnvelope(
            eventId: event.eventId, occurredAt: event.occurredAt, townshipCode: event.townshipCode,
            payload: IDRejected(residentId: event.payload.residentId, reasonCode: context,
                                villageCode: event.payload.villageCode, requestEventId: event.eventId)
        )
        return Decision(
            record: TestRecord(eventId: event.eventId, source: source, townshipCode: event.townshipCode,
                               residentId: event.payload.residentId),
            followUps: [try FollowUp(followUp, topic: "out", key: event.payload.residentId)]
        )
    }

    func apply(_ batch: StageBatch<TestRecord>) async throws -> [AppliedEvent<Bool>] { try await store.apply(batch) }

    func failureKind(of error: any Error) -> FailureKind? { nil }
}

enum Messages {
    static let plan: PartitionPlan = {
        let config = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config")
        let townships = try! TownshipCatalog.load(from: config.appendingPathComponent("townships.json"))
        return try! PartitionPlan.load(from: config.appendingPathComponent("partition-plan.json"), townships: townships)
    }()

    /// A valid request for resident number `index` of a township.
    static func request(_ index: Int, township: String = "510623101", id: UUID = UUID()) -> (UUID, [UInt8]) {
        let envelope = EventEnvelope(
            eventId: id, occurredAt: Date(timeIntervalSince1970: 1_321_750_000), townshipCode: township,
            payload: IDVerificationRequested(
                residentId: String(format: "5106231950%08d", index), householdNumber: "H\(index)",
                villageCode: township + "001", registrationEventId: UUID()
            )
        )
        return (id, try! envelope.encodedBytes())
    }

    static func requests(_ count: Int, township: String = "510623101") -> [(UUID, [UInt8])] {
        (0..<count).map { request($0, township: township) }
    }
}
