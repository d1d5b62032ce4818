import Foundation
import Kafka
import PensionDomain
import PensionStore

/// The ID-verification stage: checks the resident ID (check character, accepted region, birth date, minimum
/// age) and the household register held in the store, records verified or rejected with a reason code, and emits
/// `id.verified` or `id.rejected`.
public struct IDVerificationHandler: StageHandler {
    public let stage = "id-verification"
    public let inputTopic: String
    public let deadLetterTopic: String
    /// Where `id.verified` and `id.rejected` go.
    public let resultsTopic: String
    private let store: any PensionStore
    private let plan: PartitionPlan
    private let policy: IDVerificationPolicy

    /// - Throws: `WorkerSetupError` when the catalog lacks a topic this stage needs.
    public init(topics: TopicCatalog, store: any PensionStore, plan: PartitionPlan, policy: IDVerificationPolicy) throws {
        let input = try topics.stageTopic(forEvent: IDVerificationRequested.eventType)
        inputTopic = input.name
        deadLetterTopic = try topics.deadLetterTopic(of: input)
        resultsTopic = try topics.stageTopic(forEvent: IDVerified.eventType).name
        self.store = store
        self.plan = plan
        self.policy = policy
    }

    public func plan(_ batch: [KafkaMessage]) async throws -> BatchPlan {
        var requests: [(KafkaMessage, EventEnvelope<IDVerificationRequested>)] = []
        var deadLetters: [(message: KafkaMessage, error: EventDecodingError, townshipCode: String?)] = []
        for message in batch {
            do {
                requests.append((message, try WireDecoder.decode(IDVerificationRequested.self, from: message.value)))
            } catch {
                deadLetters.append((message, error, try? WireDecoder.header(of: message.value).townshipCode))
            }
        }
        let register = try await store.householdMembers(residentIds: requests.map { MessageKey.resident($0.1.payload.residentId) })
        var records: [VerificationRecord] = []
        var followUps: [KafkaProducerMessage] = []
        for (message, request) in requests {
            let form = request.payload
            let key = MessageKey.resident(form.residentId)
            let decision = policy.decide(
                residentId: form.residentId, householdNumber: form.householdNumber,
                registeredHouseholdNumber: register[key]?.householdNumber
            )
            let resultId = EventIDs.derived(from: request.eventId, "id.verification.result")
            switch decision {
            case .verified(let id):
                records.append(VerificationRecord(
                    eventId: request.eventId, source: message.position, townshipCode: request.townshipCode,
                    residentId: key, decision: .verified(birthDate: id.birthDate, sex: id.sex)
                ))
                let result = EventEnvelope(
                    eventId: resultId, occurredAt: request.occurredAt, townshipCode: request.townshipCode,
                    payload: IDVerified(residentId: key, birthDate: id.birthDate, sex: id.sex,
                                        villageCode: form.villageCode, requestEventId: request.eventId)
                )
                followUps.append(try result.kafkaMessage(topic: resultsTopic, plan: plan, key: key))
            case .rejected(let reason):
                records.append(VerificationRecord(
                    eventId: request.eventId, source: message.position, townshipCode: request.townshipCode,
                    residentId: key, decision: .rejected(reasonCode: reason)
                ))
                let result = EventEnvelope(
                    eventId: resultId, occurredAt: request.occurredAt, townshipCode: request.townshipCode,
                    payload: IDRejected(residentId: key, reasonCode: reason, villageCode: form.villageCode,
                                        requestEventId: request.eventId)
                )
                followUps.append(try result.kafkaMessage(topic: resultsTopic, plan: plan, key: key))
            }
        }
        var result = BatchPlan { [store, records] deadLetterRecords in
            _ = try await store.applyVerifications(records, deadLetters: deadLetterRecords)
        }
        result.followUps = followUps
        result.deadLetters = deadLetters
        return result
    }
}
