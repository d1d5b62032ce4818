import Foundation
import Logging
import Metrics
import MetricsTestKit
import PensionDomain
import PensionStore
import ServiceLifecycle
import ServiceLifecycleTestKit
import Synchronization
import Testing

@testable import Kafka
@testable import PensionWorkers

/// The stage runtime with an in-memory consumer, producer and store.
@Suite("Stage runtime", .timeLimit(.minutes(1)))
struct StageWorkerTests {
    static let metrics: TestMetrics = {
        let metrics = TestMetrics()
        MetricsSystem.bootstrap(metrics)
        return metrics
    }()

    static func worker(
        _ stage: TestStage, _ consumer: MemoryConsumer, _ producer: MemoryProducer = MemoryProducer(),
        inFlight: Int = 3
    ) -> StageWorker<TestStage> {
        _ = metrics
        var configuration = StageWorker<TestStage>.Configuration()
        configuration.maxBatchesInFlight = inFlight
        configuration.retry = RetryPolicy(initialDelay: .milliseconds(10), maximumDelay: .milliseconds(50))
        configuration.pauseAfter = .milliseconds(50)
        var logger = Logger(label: "tests")
        logger.logLevel = ProcessInfo.processInfo.environment["TEST_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .critical
        return StageWorker(
            handler: stage, consumer: consumer, producer: producer, plan: Messages.plan, configuration: configuration,
            logger: logger
        )
    }

    /// Runs the worker until `done` holds, then shuts it down gracefully.
    static func run(
        _ worker: StageWorker<TestStage>, until done: @escaping @Sendable () -> Bool,
        while waiting: @Sendable () -> Void = {}
    ) async throws {
        let stopped = StopFlag()
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    defer { stopped.set() }
                    try await worker.run()
                }
                while !done() {
                    guard !stopped.isSet else {
                        Issue.record("the worker stopped before the test's condition held")
                        break
                    }
                    waiting()
                    try await Task.sleep(for: .milliseconds(5))
                }
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
    }

    static func committed(_ consumer: MemoryConsumer, _ partition: Int32) -> Int64 {
        consumer.state.withLock { $0.committed[partition] ?? 0 }
    }

    @Test("a poison message in the middle of a batch is dead-lettered; the rest is applied and committed")
    func poisonInTheMiddle() async throws {
        let stage = TestStage()
        let consumer = MemoryConsumer(topic: "in", partitions: [4])
        var values = Messages.requests(10).map(\.1)
        values[5] = Array(#"{"eventId": "not json"#.utf8)
        consumer.append(values, partition: 4)
        let producer = MemoryProducer()
        try await Self.run(Self.worker(stage, consumer, producer)) { Self.committed(consumer, 4) == 10 }

        #expect(stage.store.state.withLock { $0.order.count } == 9)
        let letters = producer.delivered(to: "dlq")
        #expect(letters.count == 1)
        #expect(letters.first?.headers[header: WireHeaders.deadLetterSourceOffset] == "5")
        #expect(letters.first?.headers[header: WireHeaders.deadLetterErrorCode] == "malformed_json")
        #expect(letters.first?.value == values[5])
        #expect(stage.store.state.withLock { $0.deadLetters.map(\.source.offset) } == [5])
        #expect(producer.delivered(to: "out").count == 9)
        #expect(try Self.metrics.expectCounter(
            "pension_worker_dead_letters_total", [("stage", stage.stage), ("reason", "malformed_json")]
        ).totalValue == 1)
    }

    @Test("a record the store refuses for good is isolated by splitting the batch and dead-lettered")
    func storeRefusesOneRecord() async throws {
        let stage = TestStage()
        let requests = Messages.requests(10)
        stage.store.state.withLock { $0.refused = [requests[3].0] }
        let consumer = MemoryConsumer(topic: "in", partitions: [4])
        consumer.append(requests.map(\.1), partition: 4)
        let producer = MemoryProducer()
        try await Self.run(Self.worker(stage, consumer, producer)) { Self.committed(consumer, 4) == 10 }

        let applied = stage.store.state.withLock { $0.order.map(\.eventId) }
        #expect(applied == requests.enumerated().filter { $0.offset != 3 }.map(\.element.0))
        #expect(stage.store.state.withLock { $0.deadLetters.map(\.errorCode) } == ["store_rejected"])
        #expect(producer.delivered(to: "dlq").first?.headers[header: WireHeaders.deadLetterSourceOffset] == "3")
        #expect(producer.delivered(to: "out").count == 9)
    }

    @Test("an event whose township the partition plan does not know is dead-lettered; the stage goes on")
    func unknownTownship() async throws {
        let stage = TestStage()
        let consumer = MemoryConsumer(topic: "in", partitions: [4])
        consumer.append(Messages.requests(2).map(\.1), partition: 4)
        consumer.append([Messages.request(7, township: "510623999").1], partition: 4)
        consumer.append(Messages.requests(2).map(\.1), partition: 4)
        let producer = MemoryProducer()
        try await Self.run(Self.worker(stage, consumer, producer)) { Self.committed(consumer, 4) == 5 }

        #expect(stage.store.state.withLock { $0.deadLetters.map(\.errorCode) } == ["unknown_township"])
        #expect(stage.store.state.withLock { $0.order.count } == 4)
        #expect(producer.delivered(to: "out").count == 4)
    }

    @Test("a store outage is retried: nothing is committed meanwhile, polling goes on with partitions paused")
    func storeOutage() async throws {
        let stage = TestStage()
        stage.store.state.withLock { $0.unavailableWrites = 80 }  // about 3 s of retries
        let consumer = MemoryConsumer(topic: "in", partitions: [4, 5], batchSize: 10)
        consumer.append(Messages.requests(30).map(\.1), partition: 4)
        consumer.append(Messages.requests(30, township: "510623102").map(\.1), partition: 5)
        let pollsAtStart = consumer.state.withLock { $0.polls }
        let worker = Self.worker(stage, consumer)
        try await Self.run(worker, until: {
            Self.committed(consumer, 4) == 30 && Self.committed(consumer, 5) == 30
        }, while: {
            if stage.store.state.withLock({ $0.failedWrites < 80 }) {
                #expect(consumer.state.withLock { $0.commitHistory.isEmpty }, "committed during the outage")
            }
        })

        #expect(stage.store.state.withLock { $0.failedWrites } == 80)
        #expect(stage.store.state.withLock { $0.order.count } == 60)
        #expect(Set(stage.store.state.withLock { $0.order.map(\.eventId) }).count == 60)
        #expect(consumer.state.withLock { $0.polls } > pollsAtStart + 100, "kept polling during the outage")
        #expect(consumer.state.withLock { $0.pauses } > 0, "paused its partitions while the pipeline was full")
        #expect(try Self.metrics.expectCounter(
            "pension_worker_retries_total", [("stage", stage.stage), ("step", "store")]
        ).totalValue == 80)
    }

    @Test("batches queued behind a slow store go into one transaction; a refused record in it is still isolated")
    func groupCommit() async throws {
        let stage = TestStage()
        let requests = Messages.requests(40)
        stage.store.state.withLock {
            $0.writeDelay = .milliseconds(100)
            $0.refused = [requests[27].0]
        }
        let consumer = MemoryConsumer(topic: "in", partitions: [4], batchSize: 5)
        consumer.append(requests.map(\.1), partition: 4)
        let producer = MemoryProducer()
        try await Self.run(Self.worker(stage, consumer, producer, inFlight: 4)) { Self.committed(consumer, 4) == 40 }

        let writes = stage.store.state.withLock { $0.writes }
        #expect(writes.contains { $0 > 5 }, "no transaction held more than one batch: \(writes)")
        let applied = stage.store.state.withLock { $0.order.map(\.eventId) }
        #expect(applied == requests.enumerated().filter { $0.offset != 27 }.map(\.element.0))
        #expect(producer.delivered(to: "dlq").map { $0.headers[header: WireHeaders.deadLetterSourceOffset] } == ["27"])
        #expect(producer.delivered(to: "out").count == 39)
        let commits = consumer.state.withLock { $0.commitHistory }
        #expect(commits.count >= 8, "each batch is committed on its own after the shared transaction")
    }

    @Test("a broker outage while producing is retried; offsets are committed only after delivery")
    func producerOutage() async throws {
        let stage = TestStage()
        let consumer = MemoryConsumer(topic: "in", partitions: [4], batchSize: 5)
        consumer.append(Messages.requests(20).map(\.1), partition: 4)
        let producer = MemoryProducer()
        producer.state.withLock { $0.failuresLeft = 5 }
        try await Self.run(Self.worker(stage, consumer, producer), until: { Self.committed(consumer, 4) == 20 }, while: {
            if producer.state.withLock({ $0.failuresLeft > 0 }) {
                #expect(consumer.state.withLock { $0.commitHistory.isEmpty })
            }
        })
        #expect(producer.delivered(to: "out").count == 20)
    }

    @Test("revoked partitions: batches in flight are dropped uncommitted, committed offsets never go backwards")
    func revocationWithBatchesInFlight() async throws {
        let stage = TestStage()
        stage.store.state.withLock { $0.writeDelay = .milliseconds(60) }
        let consumer = MemoryConsumer(topic: "in", partitions: [4, 5], batchSize: 10)
        consumer.append(Messages.requests(60).map(\.1), partition: 4)
        consumer.append(Messages.requests(60, township: "510623102").map(\.1), partition: 5)
        let worker = Self.worker(stage, consumer)
        let phase = Mutex(0)
        try await Self.run(worker, until: {
            Self.committed(consumer, 4) == 60 && Self.committed(consumer, 5) == 60
        }, while: {
            phase.withLock { phase in
                if phase == 0, Self.committed(consumer, 5) > 0 {
                    consumer.revokeAtNextPoll([5])
                    phase = 1
                } else if phase == 1, consumer.state.withLock({ !$0.assigned.contains(5) }), Self.committed(consumer, 4) >= 30 {
                    consumer.assignAtNextPoll([5])
                    phase = 2
                }
            }
        })

        let state = consumer.state.withLock { $0 }
        #expect(state.storesOutsideAssignment == 0, "stored offsets for a partition it no longer owned")
        for partition: Int32 in [4, 5] {
            let history = state.commitHistory.filter { $0.0 == partition }.map(\.1)
            #expect(history == history.sorted(), "committed offsets of \(partition) went backwards: \(history)")
        }
        // Every event was applied once, whatever was replayed after the revocation.
        #expect(stage.store.state.withLock { Set($0.order.map(\.eventId)).count } == 120)
        #expect(stage.store.state.withLock { $0.order.count } == 120)
    }

    @Test("a replayed event re-sends the follow-up stored the first time, never a new decision")
    func replayResendsStoredOutbox() async throws {
        let stage = TestStage()
        let consumer = MemoryConsumer(topic: "in", partitions: [4])
        let values = Messages.requests(5).map(\.1)
        consumer.append(values, partition: 4)
        let producer = MemoryProducer()
        try await Self.run(Self.worker(stage, consumer, producer)) { Self.committed(consumer, 4) == 5 }
        let first = producer.delivered(to: "out").map(\.value)

        stage.suffix.set("second")  // a fresh decision would differ
        consumer.append(values, partition: 4)  // the same events again, as a replay delivers them
        try await Self.run(Self.worker(stage, consumer, producer)) { Self.committed(consumer, 4) == 10 }

        let all = producer.delivered(to: "out").map(\.value)
        #expect(all.count == 10)
        #expect(Array(all.suffix(5)) == first)
        #expect(stage.store.state.withLock { $0.order.count } == 5)
        #expect(try Self.metrics.expectCounter(
            "pension_worker_events_redelivered_total", [("stage", stage.stage)]
        ).totalValue == 5)
    }

    @Test("a dead letter larger than the producer accepts is cut to fit, headers kept, original length named")
    func oversizedDeadLetterFits() async throws {
        let stage = TestStage()
        let consumer = MemoryConsumer(topic: "in", partitions: [4])
        consumer.append([Array(repeating: UInt8(ascii: "x"), count: 10_000)], partition: 4)
        let producer = MemoryProducer(maxMessageBytes: 4_000)
        try await Self.run(Self.worker(stage, consumer, producer)) { Self.committed(consumer, 4) == 1 }

        let letter = try #require(producer.delivered(to: "dlq").first)
        #expect(letter.headers[header: DeadLetters.truncatedHeader] == "10000")
        #expect(letter.headers[header: WireHeaders.deadLetterErrorCode] == "malformed_json")
        #expect(letter.wireSize <= 4_000)
        #expect(letter.value.count > 0)
    }

    @Test("SIGTERM while a step keeps failing: the worker gives up the batch, closes both clients, exits cleanly")
    func shutdownWhileFailing() async throws {
        let stage = TestStage()
        stage.store.state.withLock { $0.alwaysUnavailable = true }
        let consumer = MemoryConsumer(topic: "in", partitions: [4])
        consumer.append(Messages.requests(3).map(\.1), partition: 4)
        let producer = MemoryProducer()
        try await Self.run(Self.worker(stage, consumer, producer)) { stage.store.state.withLock { $0.failedWrites >= 3 } }

        #expect(consumer.state.withLock { $0.closed })
        #expect(producer.state.withLock { $0.shutDown })
        #expect(consumer.state.withLock { $0.commitHistory.isEmpty })
    }

    @Test("a fatal store error stops the worker with that error, after closing both clients")
    func fatalStops() async throws {
        let stage = TestStage()
        stage.store.state.withLock { $0.damaged = true }
        let consumer = MemoryConsumer(topic: "in", partitions: [4])
        consumer.append(Messages.requests(3).map(\.1), partition: 4)
        let producer = MemoryProducer()
        await #expect(throws: MemoryStageStore.Damaged.self) {
            try await testGracefulShutdown { _ in try await Self.worker(stage, consumer, producer).run() }
        }
        #expect(consumer.state.withLock { $0.closed })
        #expect(producer.state.withLock { $0.shutDown })
        #expect(consumer.state.withLock { $0.commitHistory.isEmpty })
    }
}

@Suite struct RetryPolicyTests {
    @Test func delaysDoubleAreCappedAndJittered() {
        let policy = RetryPolicy(initialDelay: .milliseconds(100), maximumDelay: .seconds(5))
        #expect(policy.delay(attempt: 1, random: 0) == .milliseconds(100))
        #expect(policy.delay(attempt: 2, random: 0) == .milliseconds(200))
        #expect(policy.delay(attempt: 1, random: 0.5) == .milliseconds(75))
        #expect(policy.delay(attempt: 30, random: 0) == .seconds(5))
        #expect(policy.delay(attempt: 1_000, random: 0.999_999) >= .milliseconds(2_500))
        let spread = Set((0..<20).map { _ in policy.delay(attempt: 4) })
        #expect(spread.count > 1, "no jitter")
        #expect(spread.allSatisfy { $0 <= .milliseconds(800) && $0 >= .milliseconds(400) })
    }
}
