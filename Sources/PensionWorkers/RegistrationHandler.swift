import Foundation
import Kafka
import PensionDomain
import PensionStore

/// The registration stage: validates every field of `registration.submitted`, upserts the enrollee (keyed by
/// resident ID) and asks for ID verification.
///
/// Only the form's shape is checked here (``RegistrationRules``); whether the ID is genuine is the ID-verification
/// stage's decision.
public struct RegistrationHandler: StageHandler {
    public let stage = "registration"
    public let inputTopic: String
    public let deadLetterTopic: String
    /// Where `id.verification.requested` goes.
    public let verificationTopic: String
    private let store: any PensionStore
    private let plan: PartitionPlan
    private let rules: RegistrationRules

    /// - Parameters:
    ///   - topics: the topic catalog (registration, its dead letters, ID verification).
    ///   - store: where enrollees are written.
    ///   - plan: the partition plan for follow-ups.
    ///   - townships: the county's townships.
    ///   - tiers: the contribution tiers on offer, in yuan a year.
    /// - Throws: `WorkerSetupError` when the catalog lacks a topic this stage needs.
    public init(topics: TopicCatalog, store: any PensionStore, plan: PartitionPlan, townships: TownshipCatalog, tiers: Set<Int>) throws {
        let input = try topics.stageTopic(forEvent: RegistrationSubmitted.eventType)
        inputTopic = input.name
        deadLetterTopic = try topics.deadLetterTopic(of: input)
        verificationTopic = try topics.stageTopic(forEvent: IDVerificationRequested.eventType).name
        self.store = store
        self.plan = plan
        self.rules = RegistrationRules(townships: townships, tiers: tiers)
    }

    public func plan(_ batch: [KafkaMessage]) async throws -> BatchPlan {
        var records: [RegistrationRecord] = []
        var followUps: [KafkaProducerMessage] = []
        var deadLetters: [(message: KafkaMessage, error: EventDecodingError, townshipCode: String?)] = []
        records.reserveCapacity(batch.count)
        followUps.reserveCapacity(batch.count)
        for message in batch {
            do {
                let event = try WireDecoder.decode(RegistrationSubmitted.self, from: message.value)
                try rules.check(event)
                let residentId = MessageKey.resident(event.payload.residentId)
                records.append(RegistrationRecord(event, residentId: residentId, source: message.position))
                let request = EventEnvelope(
                    eventId: EventIDs.derived(from: event.eventId, IDVerificationRequested.eventType),
                    occurredAt: event.occurredAt, townshipCode: event.townshipCode,
                    payload: IDVerificationRequested(
                        residentId: residentId, householdNumber: event.payload.householdNumber,
                        villageCode: event.payload.villageCode, registrationEventId: event.eventId
                    )
                )
                followUps.append(try request.kafkaMessage(topic: verificationTopic, plan: plan, key: residentId))
            } catch let error as EventDecodingError {
                deadLetters.append((message, error, try? WireDecoder.header(of: message.value).townshipCode))
            }
        }
        var result = BatchPlan { [store, records] deadLetterRecords in
            _ = try await store.applyRegistrations(records, deadLetters: deadLetterRecords)
        }
        result.followUps = followUps
        result.deadLetters = deadLetters
        return result
    }
}

extension RegistrationRecord {
    /// What the store keeps of a registration event read at `source`; `residentId` is the normalised ID
    /// (`MessageKey.resident`).
    public init(_ event: EventEnvelope<RegistrationSubmitted>, residentId: String, source: SourcePosition) {
        let form = event.payload
        self.init(
            eventId: event.eventId, source: source, townshipCode: event.townshipCode, residentId: residentId,
            name: form.name, sex: form.sex, ethnicity: form.ethnicity, householdNumber: form.householdNumber,
            villageCode: form.villageCode, contributionTierYuan: form.contributionTierYuan, phone: form.phone,
            bankAccount: form.bankAccount, occurredAt: event.occurredAt
        )
    }
}
