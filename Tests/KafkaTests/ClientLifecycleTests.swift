import CRDKafka
import Dispatch
import Logging
import Synchronization
import Testing

@testable import Kafka

/// Closing, shutting down and destroying clients, without a broker: every client here points at a port nothing
/// listens on, which is what "the broker is gone" looks like to librdkafka.
@Suite("Client close, shutdown and destroy", .serialized, .timeLimit(.minutes(1)))
struct ClientLifecycleTests {
    private static let gone = KafkaConfiguration(bootstrapServers: "127.0.0.1:1", clientID: "lifecycle-tests")
    private static let quiet: Logger = {
        var logger = Logger(label: "tests")
        logger.logLevel = .critical  // connection failures are expected
        return logger
    }()

    /// Waits until every client released so far is destroyed. A blocking call resumes its caller just before its
    /// closure releases the client, so the last release can come a moment after the caller let go: wait for that first.
    private static func drainDestroyQueue() async {
        try? await Task.sleep(for: .milliseconds(200))
        await withCheckedContinuation { continuation in RDKafkaClient.destroyQueue.async { continuation.resume() } }
    }

    /// Polls `condition` every 10 ms for up to `seconds`.
    private static func within(seconds: Int, _ condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }

    @Test("a blocking call with a timeout resumes its caller on time; the call finishing later is harmless")
    func blockingTimeout() async throws {
        let client = try RDKafkaClient.make(
            kind: .producer, properties: Self.gone.merged(with: [:]), context: RDKafkaContext(logger: Self.quiet),
            logger: Self.quiet
        )
        let gate = DispatchSemaphore(value: 0)
        let finished = Slot<Bool>()
        let error = await #expect(throws: KafkaError.self) {
            try await client.blocking(timeout: .milliseconds(100), "test call") { _ in
                gate.wait()
                finished.set(true)
                return 1
            }
        }
        #expect(error?.code == .timedOut)
        #expect(error?.description.contains("test call did not finish") == true)
        #expect(finished.value == nil, "the caller waited for the call")
        gate.signal()
        #expect(try await Self.within(seconds: 5) { finished.value == true })
        // The client's queue works on after the late result was dropped.
        #expect(try await client.blocking(timeout: .seconds(5), "second call") { _ in 2 } == 2)
    }

    @Test("releasing a client only hands its destruction to the destroy queue")
    func destroyIsHandedOff() async throws {
        let gate = DispatchSemaphore(value: 0)
        RDKafkaClient.destroyQueue.async { gate.wait() }  // keeps the destroy queue busy
        weak var context: RDKafkaContext?
        do {
            let strong = RDKafkaContext(logger: Self.quiet)
            context = strong
            _ = try RDKafkaClient.make(
                kind: .consumer,
                properties: KafkaConsumerConfiguration(kafka: Self.gone, groupID: nil).librdkafkaProperties,
                context: strong, logger: Self.quiet
            )  // released at once: its deinit runs here, on a Swift concurrency thread
        }
        // The deinit returned while the destroy could not run yet: the context librdkafka's callbacks use is alive.
        #expect(context != nil)
        gate.signal()
        await Self.drainDestroyQueue()
        #expect(context == nil, "the destroy queue did not destroy the client and release its context")
    }

    @Test("a consumer released without close is closed before it is destroyed, and says so")
    func unclosedConsumerIsClosed() async throws {
        let logs = CapturedLogs()
        do {
            let consumer = try KafkaConsumer.make(
                configuration: KafkaConsumerConfiguration(kafka: Self.gone, groupID: "lifecycle"), logger: logs.logger()
            )
            try consumer.subscribe(topics: ["lifecycle"])
        }
        await Self.drainDestroyQueue()
        #expect(logs.all.contains { $0.contains("released without close()") })

        let closedLogs = CapturedLogs()
        do {
            let consumer = try KafkaConsumer.make(
                configuration: KafkaConsumerConfiguration(kafka: Self.gone, groupID: "lifecycle"),
                logger: closedLogs.logger()
            )
            try await consumer.close(timeout: .seconds(5))
        }
        await Self.drainDestroyQueue()
        #expect(!closedLogs.all.contains { $0.contains("released without close()") })
    }

    @Test("committedOffsets closes its temporary consumer when the read fails")
    func committedOffsetsClosesOnFailure() async throws {
        let logs = CapturedLogs()
        let admin = try KafkaAdmin.make(configuration: Self.gone, logger: logs.logger())
        await #expect(throws: KafkaError.self) {
            try await admin.committedOffsets(
                group: "lifecycle", partitions: [TopicPartition("t", 0)], timeout: .milliseconds(200)
            )
        }
        await Self.drainDestroyQueue()
        #expect(!logs.all.contains { $0.contains("released without close()") }, "\(logs.all)")
    }

    @Test("shutdown with the broker gone times out, fails the waiting sends and stops the poll thread")
    func producerShutdownBroken() async throws {
        let producer = try KafkaProducer.make(
            configuration: KafkaProducerConfiguration(kafka: Self.gone), logger: Self.quiet
        )
        let sendResult = Slot<Result<KafkaDeliveryReport, any Error>>()
        let sender = Task {
            let message = KafkaProducerMessage(topic: "t", key: nil, value: [1])
            let result = await Result { try await producer.send(message) }
            sendResult.set(result)
        }
        #expect(try await Self.within(seconds: 5) { producer.outstanding == 1 })

        let started = ContinuousClock.now
        let error = await #expect(throws: KafkaError.self) { try await producer.shutdown(timeout: .milliseconds(200)) }
        let took = ContinuousClock.now - started
        #expect(error?.code == .timedOut)
        #expect(took < .seconds(5), "shutdown took \(took)")

        // The waiting send resumes with the purge error instead of waiting forever.
        #expect(try await Self.within(seconds: 5) { sendResult.value != nil })
        if case .failure(let sendError as KafkaError) = sendResult.value {
            #expect(sendError.code.name.hasPrefix("_PURGE"), "\(sendError)")
        } else {
            Issue.record("the send did not fail: \(String(describing: sendResult.value))")
        }
        #expect(try await Self.within(seconds: 5) { producer.pollLoop.hasFinished })
        await #expect(throws: KafkaError.self) {
            try await producer.send(KafkaProducerMessage(topic: "t", key: nil, value: []))
        }
        sender.cancel()
    }
}

/// A value set once from another thread.
final class Slot<T: Sendable>: Sendable {
    private let stored = Mutex<T?>(nil)
    var value: T? { stored.withLock { $0 } }
    func set(_ value: T) { stored.withLock { $0 = value } }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
