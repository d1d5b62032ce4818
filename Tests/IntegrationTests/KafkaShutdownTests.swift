import Dispatch
import Logging
import Synchronization
import Testing

@testable import Kafka

/// Closing consumers on time, rebalance listeners set after creation, and what happens to clients that are
/// released, against the real broker.
@Suite("Kafka client shutdown against the real broker", .serialized, .timeLimit(.minutes(5)))
struct KafkaShutdownTests {
    /// Events seen by rebalance listeners, in order.
    final class Events: Sendable {
        private let events = Mutex<[String]>([])
        var all: [String] { events.withLock { $0 } }
        func record(_ event: String) { events.withLock { $0.append(event) } }
    }

    /// Polls (which serves rebalances) until `condition` holds.
    private static func poll(_ consumer: KafkaConsumer, until what: String, _ condition: @escaping @Sendable () -> Bool)
        async throws
    {
        try await TestBroker.eventually(what) {
            _ = try await consumer.poll()
            return condition()
        }
    }

    /// Waits until every client released so far is destroyed. A blocking call resumes its caller just before its
    /// closure releases the client, so the last release can come a moment after the caller let go: wait for that first.
    private static func drainDestroyQueue() async {
        try? await Task.sleep(for: .milliseconds(200))
        await withCheckedContinuation { continuation in RDKafkaClient.destroyQueue.async { continuation.resume() } }
    }

    @Test("close(timeout:) returns on time while librdkafka's close is stuck; the close finishing later is harmless")
    func closeTimesOut() async throws {
        let topic = TestBroker.uniqueName("close-timeout")
        try await TestBroker.createTopic(topic, partitions: 1)
        let events = Events()
        let gate = DispatchSemaphore(value: 0)
        let consumer = try TestBroker.consumer(group: TestBroker.uniqueName("group-close-timeout"))
        // A revocation listener that does not return until the test lets it: librdkafka's close waits for it.
        consumer.setRebalanceListener { event in
            events.record(event.kind.rawValue)
            guard event.kind == .revoked else { return }
            gate.wait()
            events.record("revocation listener returned")
        }
        try consumer.subscribe(topics: [topic])
        try await Self.poll(consumer, until: "assignment") { events.all.contains("assigned") }

        let started = ContinuousClock.now
        let error = await #expect(throws: KafkaError.self) { try await consumer.close(timeout: .milliseconds(500)) }
        let took = ContinuousClock.now - started
        #expect(error?.code == .timedOut)
        #expect(took < .seconds(5), "close took \(took)")
        #expect(events.all.contains("revoked"), "librdkafka's close had not reached the listener: \(events.all)")
        #expect(!events.all.contains("revocation listener returned"))
        #expect(consumer.isClosed)
        await #expect(throws: KafkaError.self) { try await consumer.poll() }

        gate.signal()
        try await TestBroker.eventually("the stuck close to finish") {
            events.all.contains("revocation listener returned")
        }
        try await consumer.close(timeout: .seconds(1))  // already closed: returns at once
    }

    @Test("a rebalance listener set after creation is called, and a replaced one no longer is")
    func listenerSetAfterCreation() async throws {
        let topic = TestBroker.uniqueName("listener")
        try await TestBroker.createTopic(topic, partitions: 2)
        let events = Events()
        let consumer = try TestBroker.consumer(group: TestBroker.uniqueName("group-listener"))
        consumer.setRebalanceListener { events.record("first \($0.kind.rawValue) \($0.partitions.count)") }
        try consumer.subscribe(topics: [topic])
        try await Self.poll(consumer, until: "assignment") { events.all.contains("first assigned 2") }

        let beforeReplacing = events.all.count
        consumer.setRebalanceListener { events.record("second \($0.kind.rawValue) \($0.partitions.count)") }
        try await consumer.close()
        let afterReplacing = events.all.dropFirst(beforeReplacing)
        #expect(afterReplacing.contains("second revoked 2"), "\(events.all)")
        #expect(afterReplacing.allSatisfy { $0.hasPrefix("second") }, "the replaced listener was called: \(events.all)")
    }

    @Test("a consumer released without close commits its finished work and leaves the group")
    func releasedConsumerCommits() async throws {
        let topic = TestBroker.uniqueName("released")
        let group = TestBroker.uniqueName("group-released")
        try await TestBroker.createTopic(topic, partitions: 1)
        let producer = try TestBroker.producer()
        try await producer.send((0..<5).map { TestBroker.message(topic, $0, partition: 0) })
        try await producer.shutdown()

        let events = Events()
        do {
            let consumer = try TestBroker.consumer(group: group) { events.record($0.kind.rawValue) }
            try consumer.subscribe(topics: [topic])
            var seen: [KafkaMessage] = []
            for try await message in consumer.messages {
                seen.append(message)
                if seen.count == 3 { break }
            }
            try consumer.markProcessed(seen)
        }  // released here without commit or close
        try await TestBroker.eventually("the revocation on destroy") { events.all.contains("revoked") }
        #expect(!events.all.contains("lost"), "\(events.all)")
        let committed = try await TestBroker.admin().committedOffsets(
            group: group, partitions: [TopicPartition(topic, 0)]
        )
        #expect(committed[TopicPartition(topic, 0)] == 3)
    }

    @Test("committedOffsets closes the consumer it reads with")
    func committedOffsetsClosesItsReader() async throws {
        let topic = TestBroker.uniqueName("offsets-reader")
        try await TestBroker.createTopic(topic, partitions: 1)
        let logs = CapturedWarnings()
        let admin = try KafkaAdmin.make(configuration: TestBroker.kafka("tests-admin"), logger: logs.logger)
        let committed = try await admin.committedOffsets(
            group: TestBroker.uniqueName("group-none"), partitions: [TopicPartition(topic, 0)]
        )
        #expect(committed[TopicPartition(topic, 0)] == KafkaOffset.invalid)
        await Self.drainDestroyQueue()
        #expect(!logs.all.contains { $0.contains("released without close()") }, "\(logs.all)")
    }
}

/// Keeps the warnings logged through its logger.
final class CapturedWarnings: Sendable {
    private let messages = Mutex<[String]>([])
    var all: [String] { messages.withLock { $0 } }

    var logger: Logger {
        var logger = Logger(label: "captured") { _ in Handler(logs: self) }
        logger.logLevel = .warning
        return logger
    }

    private struct Handler: LogHandler {
        let logs: CapturedWarnings
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .warning
        var metadataProvider: Logger.MetadataProvider?

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) { logs.messages.withLock { $0.append(event.message.description) } }
    }
}
