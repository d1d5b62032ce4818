import Foundation
import Kafka
import PensionDomain
import PensionSimulation
import PensionStore
import PensionWorkers
import ServiceLifecycle
import Synchronization
import Testing

/// Helpers for scenarios that build their own events, run chosen workers and read topics back.
extension PipelineFixture {
    /// The (prefixed) topic that carries `eventType`.
    func topicName(forEvent eventType: String) throws -> String {
        try #require(topics.topic(forEvent: eventType), "no topic for \(eventType)").name
    }

    /// The (prefixed) dead-letter topic of the topic that carries `eventType`.
    func deadLetterTopicName(forEvent eventType: String) throws -> String {
        try #require(topics.topic(forEvent: eventType)?.deadLetter, "no dead-letter topic for \(eventType)")
    }

    /// The partition count of the topic that carries `eventType`.
    func partitionCount(forEvent eventType: String) throws -> Int32 {
        try #require(topics.topic(forEvent: eventType), "no topic for \(eventType)").partitions
    }

    /// An encoded event on its topic, keyed by `key`, with the wire headers, in `partition`.
    func message<Payload: EventPayload>(
        _ envelope: EventEnvelope<Payload>, key: String, partition: Int32
    ) throws -> KafkaProducerMessage {
        KafkaProducerMessage(
            topic: try topicName(forEvent: Payload.eventType), partition: partition, key: key,
            value: try envelope.encodedBytes(), headers: envelope.headers.map { KafkaHeader($0.name, $0.value) }
        )
    }

    /// A generated record as `publish(_:)` sends it, in its township's partition.
    func message(_ record: GeneratedRecord) throws -> KafkaProducerMessage {
        let key = MessageKey.resident(record.residentId)
        return KafkaProducerMessage(
            topic: try topicName(forEvent: RegistrationSubmitted.eventType),
            partition: try plan.partition(townshipCode: record.townshipCode, key: key), key: key, value: record.value
        )
    }

    /// Sends the messages with a fresh producer (in order) and returns their delivery reports.
    func send(_ messages: [KafkaProducerMessage]) async throws -> [KafkaDeliveryReport] {
        let producer = try TestBroker.producer()
        let reports = try await producer.send(messages)
        try await producer.shutdown()
        return reports
    }

    /// Runs `services` in one service group until `body` returns, then shuts them down gracefully.
    func run(_ services: [any Service], _ body: () async throws -> Void) async throws {
        let group = ServiceGroup(configuration: .init(
            services: services.map { .init(service: $0) }, logger: TestBroker.logger
        ))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await body()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// Reads a topic from the beginning of every partition until at least `expected` messages arrived, then `settle`
    /// more to catch extras (or until `timeout`).
    static func readTopic(
        _ topic: String, partitions: Int32, atLeast expected: Int, timeout: Duration = .seconds(30),
        settle: Duration = .seconds(2)
    ) async throws -> [KafkaMessage] {
        let consumer = try TestBroker.consumer(group: nil)
        try await consumer.assign((0..<partitions).map { TopicPartition(topic, $0) }, offset: KafkaOffset.beginning)
        var messages: [KafkaMessage] = []
        var deadline = ContinuousClock.now + timeout
        var settling = false
        while ContinuousClock.now < deadline {
            messages += try await consumer.poll()
            if messages.count >= expected && !settling {
                settling = true
                deadline = min(deadline, ContinuousClock.now + settle)
            }
        }
        try await consumer.close()
        return messages
    }
}

/// One service in its own service group, started and stopped on its own (a group member that joins and leaves).
final class RunningService: Sendable {
    let group: ServiceGroup
    let task: Task<Void, any Error>

    init(_ service: any Service) {
        let group = ServiceGroup(configuration: .init(services: [.init(service: service)], logger: TestBroker.logger))
        self.group = group
        task = Task { try await group.run() }
    }

    /// Graceful shutdown; waits for the service to end and rethrows its error.
    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }
}

extension KafkaMessage {
    /// The value of a header as text.
    func header(_ name: String) -> String? { headers[header: name] }
}

/// Sums over township summaries.
extension Array where Element == TownshipSummary {
    var enrolled: Int { reduce(0) { $0 + $1.enrolled } }
    var verified: Int { reduce(0) { $0 + $1.verified } }
    var registrationsApplied: Int { reduce(0) { $0 + $1.registrationsApplied } }
    var deadLettered: Int { reduce(0) { $0 + $1.deadLettered } }
    var rejectedByReason: [String: Int] {
        reduce(into: [:]) { $0.merge($1.rejectedByReason, uniquingKeysWith: +) }
    }
    func township(_ code: String) -> TownshipSummary? { first { $0.townshipCode == code } }
    /// The summaries without the redelivery counter, which replays and rebalances legitimately raise.
    var withoutRedeliveries: [TownshipSummary] { map { var s = $0; s.duplicatesIgnored = 0; return s } }
}

/// A generator setting for a small, clean population of the given townships (no invalid, duplicate or malformed
/// records unless asked).
func cleanPopulation(
    _ townships: [String], perTownship: Int, seed: UInt64, invalid: Double = 0, duplicates: Double = 0,
    malformed: Double = 0
) -> GeneratedPopulation {
    var settings = GeneratorSettings(townshipCodes: townships)
    settings.seed = seed
    settings.residentsPerTownship = perTownship
    settings.invalidIDShare = invalid
    settings.duplicateShare = duplicates
    settings.malformedShare = malformed
    return PopulationGenerator().generate(settings)
}
