import Foundation
import Kafka
import PensionDomain
import PensionStore

/// The ID-verification stage: checks the resident ID (length, characters, check character, accepted region, birth
/// date, minimum age) and the household register held in the store, records verified or rejected with a reason
/// code, and emits `id.verified` or `id.rejected`.
///
/// The decision depends on the register at the time; a replayed request re-sends the decision stored the first
/// time (the runtime's outbox), never a new one.
public struct IDVerificationHandler: StageHandler {
    public typealias Event = EventEnvelope<IDVerificationRequested>
    /// Register entries of the batch's residents, by normalised resident ID.
    public typealias Context = [String: HouseholdMember]

    public let stage = StoreStage.idVerification
    public let inputTopic: String
    public let deadLetterTopic: String
    /// Where `id.verified` and `id.rejected` go.
    public let resultsTopic: String
    private let store: any PensionStore
    private let policy: IDVerificationPolicy

    /// - Throws: `WorkerSetupError` when the catalog lacks a topic this stage needs.
    public init(topics: TopicCatalog, store: any PensionStore, policy: IDVerificationPolicy) throws {
        let input = try topics.stageTopic(forEvent: IDVerificationRequested.eventType)
        inputTopic = input.name
        deadLetterTopic = try topics.deadLetterTopic(of: input)
        resultsTopic = try topics.stageTopic(forEvent: IDVerified.eventType).name
        self.store = store
        self.policy = policy
    }

    public func decode(_ message: KafkaMessage) throws(EventDecodingError) -> Event {
        try WireDecoder.decode(IDVerificationRequested.self, from: message.value)
    }

    public func context(for events: [Event]) async throws -> Context {
        try await store.householdMembers(residentIds: events.map { MessageKey.resident($0.payload.residentId) })
    }

    public func decide(_ request: Event, at source: SourcePosition, context: Context) throws(EventDecodingError)
        -> Decision<VerificationRecord>
    {
        let form = request.payload
        let key = MessageKey.resident(form.residentId)
        let resultId = EventIDs.derived(from: request.eventId, "id.verification.result")
        let decision = policy.decide(
            residentId: form.residentId, householdNumber: form.householdNumber,
            registeredHouseholdNumber: context[key]?.householdNumber
        )
        func record(_ decision: VerificationDecision) -> VerificationRecord {
            VerificationRecord(
                eventId: request.eventId, source: source, townshipCode: request.townshipCode, residentId: key,
                decision: decision
            )
        }
        switch decision {
        case .verified(let id):
            let result = EventEnvelope(
                eventId: resultId, occurredAt: request.occurredAt, townshipCode: request.townshipCode,
                payload: IDVerified(residentId: key, birthDate: id.birthDate, sex: id.sex,
                                    villageCode: form.villageCode, requestEventId: request.eventId)
            )
            return Decision(
                record: record(.verified(birthDate: id.birthDate, sex: id.sex)),
                followUps: [try FollowUp(result, topic: resultsTopic, key: key)]
            )
        case .rejected(let reason):
            let result = EventEnvelope(
                eventId: resultId, occurredAt: request.occurredAt, townshipCode: request.townshipCode,
                payload: IDRejected(residentId: key, reasonCode: reason, villageCode: form.villageCode,
                                    requestEventId: request.eventId)
            )
            return Decision(
                record: record(.rejected(reasonCode: reason)),
                followUps: [try FollowUp(result, topic: resultsTopic, key: key)]
            )
        }
    }

    public func apply(_ batch: StageBatch<VerificationRecord>) async throws -> [AppliedEvent<VerificationOutcome>] {
        try await store.apply(batch)
    }

    public func failureKind(of error: any Error) -> FailureKind? { store.failureKind(of: error) }
}
