import Foundation
import Kafka
import PensionDomain
import PensionStore
import PensionWorkers

/// The eligibility stage: consumes `id.verified` (and `id.rejected`, which it only counts), decides in the store's
/// transaction whether a verified resident is an eligible pensioner, a held one (with a reason) or a contributor,
/// releases held household members when the last member of contribution age is verified (in any order of
/// arrival), and emits `pension.eligible`, `pension.held`, `pension.released` and, for each newly eligible
/// pensioner, one `certificate.print.requested`.
///
/// The decisions that depend on other events are taken inside ``EligibilityStore/apply(_:rules:followUps:)`` and
/// stored as the event's outbox there, so a replay re-sends them and a release happens exactly once.
public struct EligibilityHandler: StageHandler {
    public typealias Event = EligibilityEvent
    public typealias Record = EligibilityRecord
    public typealias Outcome = EligibilityOutcome

    public let stage = StoreStage.eligibility
    public let inputTopic: String
    public let deadLetterTopic: String
    /// Where `pension.eligible`, `pension.held` and `pension.released` go.
    public let eligibilityTopic: String
    /// Where `certificate.print.requested` goes.
    public let certificateTopic: String
    private let store: any EligibilityStore & PensionStore
    private let rules: PensionRules
    private let plan: PartitionPlan

    /// - Throws: ``PayoutSetupError`` when the catalog lacks a topic this stage needs.
    public init(topics: TopicCatalog, store: any EligibilityStore & PensionStore, rules: PensionRules, plan: PartitionPlan)
        throws
    {
        inputTopic = try Self.topic(topics, IDVerified.eventType).name
        let eligibility = try Self.topic(topics, PensionEligible.eventType)
        eligibilityTopic = eligibility.name
        guard let dlq = eligibility.deadLetter else {
            throw PayoutSetupError("config/topics.json gives \(eligibility.name) no dead-letter topic")
        }
        deadLetterTopic = dlq
        certificateTopic = try Self.topic(topics, CertificatePrintRequested.eventType).name
        self.store = store
        self.rules = rules
        self.plan = plan
    }

    private static func topic(_ topics: TopicCatalog, _ eventType: String) throws -> TopicSpec {
        guard let topic = topics.topic(forEvent: eventType) else {
            throw PayoutSetupError("config/topics.json has no topic for \(eventType)")
        }
        return topic
    }

    public func decode(_ message: KafkaMessage) throws(EventDecodingError) -> EligibilityEvent {
        let header = try WireDecoder.header(of: message.value)
        if header.type == IDRejected.eventType {
            return .rejected(try WireDecoder.decode(IDRejected.self, from: message.value))
        }
        return .verified(try WireDecoder.decode(IDVerified.self, from: message.value))
    }

    public func context(for events: [EligibilityEvent]) async throws {}

    /// The record only: everything that depends on other events is decided in the store's transaction.
    ///
    /// - Throws: `invalid_value` at `townshipCode` for a township the partition plan does not know: its follow-ups,
    ///   made in the store's transaction, could never be placed (a dead letter here, never a retry there).
    public func decide(_ event: EligibilityEvent, at source: SourcePosition, context: Void) throws(EventDecodingError)
        -> Decision<EligibilityRecord>
    {
        let township: String
        switch event {
        case .verified(let envelope): township = envelope.townshipCode
        case .rejected(let envelope): township = envelope.townshipCode
        }
        guard plan.partitions(of: township) != nil else {
            throw EventDecodingError(code: .invalidValue, field: "townshipCode", message: "not in the partition plan")
        }
        switch event {
        case .verified(let envelope):
            let payload = envelope.payload
            return Decision(record: EligibilityRecord(
                eventId: envelope.eventId, source: source, townshipCode: envelope.townshipCode,
                occurredAt: envelope.occurredAt, residentId: MessageKey.resident(payload.residentId),
                verified: .init(birthDate: payload.birthDate, sex: payload.sex, villageCode: payload.villageCode,
                                verifiedOn: BusinessDay.of(envelope.occurredAt))
            ))
        case .rejected(let envelope):
            return Decision(record: EligibilityRecord(
                eventId: envelope.eventId, source: source, townshipCode: envelope.townshipCode,
                occurredAt: envelope.occurredAt, residentId: MessageKey.resident(envelope.payload.residentId),
                verified: nil
            ))
        }
    }

    public func apply(_ batch: StageBatch<EligibilityRecord>) async throws -> [AppliedEvent<EligibilityOutcome>] {
        let messages = EligibilityMessages(
            eligibilityTopic: eligibilityTopic, certificateTopic: certificateTopic, plan: plan)
        return try await store.apply(batch, rules: rules) { record, change in
            try messages.followUps(for: change, causedBy: record)
        }
    }

    public func followUps(applied outcome: EligibilityOutcome, decided: [OutboxMessage]) -> [OutboxMessage] {
        decided + outcome.followUps
    }

    public func failureKind(of error: any Error) -> FailureKind? { store.failureKind(of: error) }
}
