import Foundation
import Kafka
import Logging
import PensionDomain
import PensionStore
import PensionWorkers
import Synchronization

/// The metrics stage: reads every topic of `config/topics.json` (stage topics and dead-letter topics) in its own
/// consumer group and counts, per township and village, what the other stages did (``MetricsFact``).
///
/// The counters are a projection of the topics: every message goes through the store's event gate under this
/// stage (its envelope's event ID; for a dead letter or an unreadable message an ID derived from the position it
/// stands for), so a redelivered message counts once, and `pension metrics rebuild` can drop the counters and read
/// the topics again from the start to the same numbers. Nothing here ever fails a message: an event type the
/// projection does not know is counted as ignored (and logged once per type), an unreadable registration still
/// counts as submitted. The stage produces nothing.
public struct MetricsHandler: StageHandler {
    public typealias Event = MetricsRecord
    public typealias Record = MetricsRecord
    public typealias Outcome = MetricsOutcome
    public typealias Context = Void

    /// The consumer group of the metrics stage.
    public static let group = "pension-metrics"

    public let stage = StoreStage.metrics
    public let inputTopics: [String]
    public var inputTopic: String { inputTopics[0] }
    /// Never produced to: the stage turns no message into a dead letter.
    public let deadLetterTopic = "pension.dlq.metrics"
    private let specs: [String: TopicSpec]
    private let plan: PartitionPlan
    private let store: any MetricsStore & PensionStore
    private let unknownTypes = UnknownTypes()
    private let logger: Logger

    /// - Parameters:
    ///   - topics: the catalog; every topic in it is read.
    ///   - plan: the partition plan, which names the township of a message whose envelope cannot be read.
    ///   - store: where the counters are kept.
    ///   - logger: logs each unknown event type once.
    public init(topics: TopicCatalog, plan: PartitionPlan, store: any MetricsStore & PensionStore, logger: Logger) {
        inputTopics = topics.topics.map(\.name)
        specs = Dictionary(topics.topics.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.plan = plan
        self.store = store
        self.logger = logger
    }

    /// The namespace of the IDs derived from positions.
    static let positionNamespace = UUID(uuid: (0x6d, 0x65, 0x74, 0x72, 0x69, 0x63, 0x73, 0x2d, 0x70, 0x6f, 0x73, 0x69, 0x74, 0x69, 0x6f, 0x6e))

    /// The event ID standing for a position: what a dead letter or an unreadable message is gated by.
    static func positionID(_ kind: String, topic: String, partition: Int32, offset: Int64) -> UUID {
        EventIDs.derived(from: positionNamespace, "\(kind)|\(topic)|\(partition)|\(offset)")
    }

    public func decode(_ message: KafkaMessage) throws(EventDecodingError) -> MetricsRecord {
        let source = SourcePosition(topic: message.topic, partition: message.partition, offset: message.offset)
        let spec = specs[message.topic]
        if let spec, spec.isDeadLetter { return deadLetter(message, source: source, stage: spec.stage) }
        guard let header = try? WireDecoder.header(of: message.value) else {
            let id = Self.positionID("unreadable", topic: message.topic, partition: message.partition, offset: message.offset)
            let township = plan.township(ofPartition: message.partition) ?? ""
            let carriesRegistrations = spec?.events.contains(RegistrationSubmitted.eventType) ?? false
            return MetricsRecord(eventId: id, source: source, townshipCode: township,
                                 fact: carriesRegistrations ? .submitted(villageCode: "") : .ignored)
        }
        let township = plan.partitions(of: header.townshipCode) != nil
            ? header.townshipCode : (plan.township(ofPartition: message.partition) ?? header.townshipCode)
        return MetricsRecord(eventId: header.eventId, source: source, townshipCode: township,
                             fact: fact(type: header.type, bytes: message.value))
    }

    /// What an event of `type` counts for; a payload that does not decode counts for nothing (its stage
    /// dead-letters it, and the dead letter is counted), except a registration, which counts as submitted.
    private func fact(type: String, bytes: [UInt8]) -> MetricsFact {
        switch type {
        case RegistrationSubmitted.eventType:
            let village = (try? WireDecoder.decode(RegistrationSubmitted.self, from: bytes))?.payload.villageCode
            return .submitted(villageCode: village ?? "")
        case IDVerificationRequested.eventType:
            guard let p = try? WireDecoder.decode(IDVerificationRequested.self, from: bytes).payload else { return .ignored }
            return .enrolled(residentId: MessageKey.resident(p.residentId), villageCode: p.villageCode)
        case IDVerified.eventType:
            guard let p = try? WireDecoder.decode(IDVerified.self, from: bytes).payload else { return .ignored }
            return .verified(residentId: MessageKey.resident(p.residentId), villageCode: p.villageCode)
        case IDRejected.eventType:
            guard let p = try? WireDecoder.decode(IDRejected.self, from: bytes).payload else { return .ignored }
            return .rejected(residentId: MessageKey.resident(p.residentId), villageCode: p.villageCode, reason: p.reasonCode)
        case PensionEligible.eventType:
            guard let p = try? WireDecoder.decode(PensionEligible.self, from: bytes).payload else { return .ignored }
            return .eligible(residentId: MessageKey.resident(p.residentId), villageCode: p.villageCode)
        case PensionHeld.eventType:
            guard let p = try? WireDecoder.decode(PensionHeld.self, from: bytes).payload else { return .ignored }
            return .held(residentId: MessageKey.resident(p.residentId), villageCode: p.villageCode, reason: p.reasonCode)
        case PensionReleased.eventType:
            guard let p = try? WireDecoder.decode(PensionReleased.self, from: bytes).payload else { return .ignored }
            return .released(residentId: MessageKey.resident(p.residentId), villageCode: p.villageCode)
        case CertificatePrinted.eventType:
            guard let p = try? WireDecoder.decode(CertificatePrinted.self, from: bytes).payload,
                  p.outcome == CertificatePrinted.printed
            else { return .ignored }
            return .certificatePrinted(residentId: MessageKey.resident(p.residentId), villageCode: p.villageCode)
        case BankCardIssued.eventType:
            guard let p = try? WireDecoder.decode(BankCardIssued.self, from: bytes).payload else { return .ignored }
            return .bankCard(residentId: MessageKey.resident(p.residentId))
        case PayoutCompleted.eventType:
            guard let p = try? WireDecoder.decode(PayoutCompleted.self, from: bytes).payload else { return .ignored }
            return .paid(residentId: MessageKey.resident(p.residentId), month: p.month, amountFen: p.amountFen)
        case PayoutFailed.eventType:
            guard let p = try? WireDecoder.decode(PayoutFailed.self, from: bytes).payload else { return .ignored }
            return .payoutFailed(reason: p.reasonCode)
        case CertificatePrintRequested.eventType, PayoutRequested.eventType:
            return .ignored  // counted by their outcomes (certificate.printed, payout.completed)
        default:
            if unknownTypes.firstSighting(type) {
                logger.notice("event type not counted by the metrics projection", metadata: ["pension.event.type": "\(type)"])
            }
            return .ignored
        }
    }

    /// A dead letter: keyed by the position it parked (its `dlq-source-*` headers), so the same message parked
    /// twice (a produce retried) counts once.
    private func deadLetter(_ message: KafkaMessage, source: SourcePosition, stage: String) -> MetricsRecord {
        let headers = message.headers
        let sourceTopic = headers[header: WireHeaders.deadLetterSourceTopic]
        let sourcePartition = headers[header: WireHeaders.deadLetterSourcePartition].flatMap { Int32($0) }
        let sourceOffset = headers[header: WireHeaders.deadLetterSourceOffset].flatMap { Int64($0) }
        let id: UUID
        if let sourceTopic, let sourcePartition, let sourceOffset {
            id = Self.positionID("dead-letter", topic: sourceTopic, partition: sourcePartition, offset: sourceOffset)
        } else {
            id = Self.positionID("dead-letter-message", topic: message.topic, partition: message.partition, offset: message.offset)
        }
        let reason = headers[header: WireHeaders.deadLetterErrorCode] ?? "unknown"
        var township = plan.township(ofPartition: sourcePartition ?? message.partition) ?? ""
        if let header = try? WireDecoder.header(of: message.value), plan.partitions(of: header.townshipCode) != nil {
            township = header.townshipCode
        }
        return MetricsRecord(eventId: id, source: source, townshipCode: township, fact: .deadLetter(stage: stage, reason: reason))
    }

    public func decide(_ event: MetricsRecord, at source: SourcePosition, context: Void) throws(EventDecodingError)
        -> Decision<MetricsRecord>
    {
        Decision(record: event)
    }

    public func apply(_ batch: StageBatch<MetricsRecord>) async throws -> [AppliedEvent<MetricsOutcome>] {
        try await store.apply(batch)
    }

    public func failureKind(of error: any Error) -> FailureKind? { store.failureKind(of: error) }
}

/// The event types already logged as unknown.
private final class UnknownTypes: Sendable {
    private let seen = Mutex<Set<String>>([])
    func firstSighting(_ type: String) -> Bool { seen.withLock { $0.insert(type).inserted } }
}
