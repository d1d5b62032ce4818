import Foundation
import Kafka
import PensionDomain
import PensionStore

/// The registration stage: validates `registration.submitted`, upserts the enrollee (keyed by resident ID) and
/// asks for ID verification.
///
/// Only what is needed to record the form is checked here (``RegistrationRules``); whether the ID is well formed
/// and genuine is the ID-verification stage's decision.
public struct RegistrationHandler: StageHandler {
    public typealias Event = EventEnvelope<RegistrationSubmitted>
    public typealias Context = Void

    public let stage = StoreStage.registration
    public let inputTopic: String
    public let deadLetterTopic: String
    /// Where `id.verification.requested` goes.
    public let verificationTopic: String
    private let store: any PensionStore
    private let rules: RegistrationRules

    /// - Parameters:
    ///   - topics: the topic catalog (registration, its dead letters, ID verification).
    ///   - store: where enrollees are written.
    ///   - townships: the county's townships.
    ///   - tiers: the contribution tiers on offer, in yuan a year.
    /// - Throws: `WorkerSetupError` when the catalog lacks a topic this stage needs.
    public init(topics: TopicCatalog, store: any PensionStore, townships: TownshipCatalog, tiers: Set<Int>) throws {
        let input = try topics.stageTopic(forEvent: RegistrationSubmitted.eventType)
        inputTopic = input.name
        deadLetterTopic = try topics.deadLetterTopic(of: input)
        verificationTopic = try topics.stageTopic(forEvent: IDVerificationRequested.eventType).name
        self.store = store
        self.rules = RegistrationRules(townships: townships, tiers: tiers)
    }

    public func decode(_ message: KafkaMessage) throws(EventDecodingError) -> Event {
        let event = try WireDecoder.decode(RegistrationSubmitted.self, from: message.value)
        try rules.check(event)
        return event
    }

    public func decide(_ event: Event, at source: SourcePosition, context: Void) throws(EventDecodingError)
        -> Decision<RegistrationRecord>
    {
        let residentId = MessageKey.resident(event.payload.residentId)
        let request = EventEnvelope(
            eventId: EventIDs.derived(from: event.eventId, IDVerificationRequested.eventType),
            occurredAt: event.occurredAt, townshipCode: event.townshipCode,
            payload: IDVerificationRequested(
                residentId: residentId, householdNumber: event.payload.householdNumber,
                villageCode: event.payload.villageCode, registrationEventId: event.eventId
            )
        )
        return Decision(
            record: RegistrationRecord(event, residentId: residentId, source: source),
            followUps: [try FollowUp(request, topic: verificationTopic, key: residentId)]
        )
    }

    public func apply(_ batch: StageBatch<RegistrationRecord>) async throws -> [AppliedEvent<RegistrationOutcome>] {
        try await store.apply(batch)
    }

    public func failureKind(of error: any Error) -> FailureKind? { store.failureKind(of: error) }
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
