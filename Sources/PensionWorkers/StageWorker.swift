import AsyncAlgorithms
import Kafka
import Logging
import PensionDomain
import PensionStore
import ServiceLifecycle
import Synchronization

/// Runs one ``StageHandler``: consume a batch, plan it, write the store in one transaction, produce dead letters
/// and follow-ups (idempotent producer), and only then commit the offsets.
///
/// The steps run as a pipeline of four tasks, so batches overlap: while batch *n* waits for its deliveries and
/// its commit, batch *n+1* is written to the store, batch *n+2* is planned and batch *n+3* is polled. Between two
/// steps one batch may wait (without these buffers the steps stalled each other: about −13 % measured), so up to
/// seven batches are in flight. Each step keeps batch order, and a batch's offsets are committed only after its
/// store transaction and its deliveries, and after the batch before it was committed.
///
/// Transient failures (broker or store unavailable) retry the failed step with backoff and commit nothing
/// meanwhile. On graceful shutdown (SIGTERM/SIGINT through ServiceLifecycle) polling stops, the batches in flight
/// are finished and committed, then the consumer leaves its group. A batch still in flight when its partitions
/// move to another member in a rebalance is not committed here; the new owner replays it, and the store and the
/// downstream stages ignore what they already applied.
public final class StageWorker: Service, Sendable {
    /// How a worker reads its topic.
    public enum Scope: Sendable {
        /// Join the stage's consumer group; the group spreads partitions over the workers.
        case group
        /// Read only these partitions (for example one township's), committing to the stage's group.
        case partitions([Int32])
    }

    private let handler: any StageHandler
    private let consumer: KafkaConsumer
    private let producer: KafkaProducer
    private let scope: Scope
    private let logger: Logger
    private let progress: (@Sendable (CommittedBatch) -> Void)?

    /// - Parameters:
    ///   - handler: the stage.
    ///   - consumer: a consumer whose group id is the stage's group.
    ///   - producer: an idempotent producer for dead letters and follow-ups.
    ///   - scope: group membership or fixed partitions.
    ///   - logger: the worker's logger.
    ///   - progress: called after each commit with the batch's size and step times.
    public init(
        handler: any StageHandler, consumer: KafkaConsumer, producer: KafkaProducer, scope: Scope = .group,
        logger: Logger, progress: (@Sendable (CommittedBatch) -> Void)? = nil
    ) {
        self.handler = handler
        self.consumer = consumer
        self.producer = producer
        self.scope = scope
        var logger = logger
        logger[metadataKey: "pension.stage"] = "\(handler.stage)"
        self.logger = logger
        self.progress = progress
    }

    /// Consumes until graceful shutdown or cancellation, then commits and leaves the group.
    /// - Throws: a fatal Kafka error.
    public func run() async throws {
        switch scope {
        case .group: try consumer.subscribe(topics: [handler.inputTopic])
        case .partitions(let partitions):
            try await consumer.assign(partitions.map { TopicPartition(handler.inputTopic, $0) }, offset: KafkaOffset.stored)
        }
        logger.info(
            "worker started",
            metadata: [
                "kafka.topic": "\(handler.inputTopic)", "pension.batch.max": "\(consumer.configuration.maxBatchSize)",
                "kafka.session.timeout.ms": "\(consumer.configuration.sessionTimeoutMilliseconds)",
            ]
        )
        let stopping = StopFlag()
        let polled = AsyncChannel<PolledBatch>()
        let planned = AsyncChannel<PlannedBatch>()
        let stored = AsyncChannel<StoredBatch>()
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.poll(into: polled, stopping: stopping) }
                group.addTask { try await self.plan(polled, into: planned, stopping: stopping) }
                group.addTask { try await self.store(planned, into: stored, stopping: stopping) }
                group.addTask { try await self.deliverAndCommit(stored, stopping: stopping) }
                try await group.waitForAll()
            }
        } onGracefulShutdown: {
            stopping.set()
        }
        try await consumer.close()
        try await producer.shutdown()
        logger.info("worker stopped")
    }

    /// A batch with its plan, on its way to the store.
    private struct PlannedBatch: Sendable {
        var messages: [KafkaMessage]
        var plan: BatchPlan
        var report: CommittedBatch
    }

    /// A batch whose effects are durable, with the messages it produces.
    private struct StoredBatch: Sendable {
        var messages: [KafkaMessage]
        var produced: [KafkaProducerMessage]
        var deadLetters: [(message: KafkaMessage, error: EventDecodingError, townshipCode: String?)]
        var report: CommittedBatch
    }

    /// A polled batch, on its way to be planned.
    private struct PolledBatch: Sendable {
        var messages: [KafkaMessage]
        var waited: Duration
    }

    private func poll(into polled: AsyncChannel<PolledBatch>, stopping: StopFlag) async throws {
        defer { polled.finish() }
        let clock = ContinuousClock()
        while !stopping.isSet && !Task.isCancelled {
            let polling = clock.now
            let batch = try await consumer.poll()
            guard !batch.isEmpty else { continue }
            await polled.send(PolledBatch(messages: batch, waited: clock.now - polling))
        }
    }

    private func plan(
        _ polled: AsyncChannel<PolledBatch>, into planned: AsyncChannel<PlannedBatch>, stopping: StopFlag
    ) async throws {
        defer { planned.finish() }
        let clock = ContinuousClock()
        for await batch in polled.buffer(policy: .bounded(1)) {
            let started = clock.now
            let plan = try await retrying("plan", stopping: stopping) { try await self.handler.plan(batch.messages) }
            let report = CommittedBatch(size: batch.messages.count, poll: batch.waited, plan: clock.now - started)
            await planned.send(PlannedBatch(messages: batch.messages, plan: plan, report: report))
        }
    }

    /// Store first: a follow-up is visible only once the change that caused it is durable.
    private func store(
        _ planned: AsyncChannel<PlannedBatch>, into stored: AsyncChannel<StoredBatch>, stopping: StopFlag
    ) async throws {
        defer { stored.finish() }
        let clock = ContinuousClock()
        for await batch in planned.buffer(policy: .bounded(1)) {
            let started = clock.now
            let plan = batch.plan
            let records = plan.deadLetters.map {
                DeadLetters.record(for: $0.message, error: $0.error, stage: handler.stage, townshipCode: $0.townshipCode)
            }
            try await retrying("store", stopping: stopping) { try await plan.persist(records) }
            var report = batch.report
            report.store = clock.now - started
            // Without dead letters (the usual case) the follow-ups are passed on as they are, not copied.
            let produced = plan.deadLetters.isEmpty ? plan.followUps : plan.deadLetters.map {
                DeadLetters.message(for: $0.message, error: $0.error, topic: handler.deadLetterTopic)
            } + plan.followUps
            await stored.send(StoredBatch(
                messages: batch.messages, produced: produced,
                deadLetters: plan.deadLetters, report: report
            ))
        }
    }

    /// Then the deliveries, then the offsets, batch after batch.
    private func deliverAndCommit(_ stored: AsyncChannel<StoredBatch>, stopping: StopFlag) async throws {
        let clock = ContinuousClock()
        for await batch in stored.buffer(policy: .bounded(1)) {
            let started = clock.now
            // A retry sends the whole batch again; downstream stages ignore the repeats.
            try await retrying("produce", stopping: stopping) { try await self.producer.deliver(batch.produced) }
            let produced = clock.now
            for letter in batch.deadLetters {
                logger.warning(
                    "dead-lettered",
                    metadata: [
                        "kafka.partition": "\(letter.message.partition)", "kafka.offset": "\(letter.message.offset)",
                        "pension.error.code": "\(letter.error.code.rawValue)",
                        "pension.error.field": "\(letter.error.field ?? "-")",
                    ]
                )
            }
            do {
                try consumer.markProcessed(batch.messages)
            } catch {
                logger.info(
                    "offsets not stored: the partitions moved to another member, which replays the batch",
                    metadata: ["pension.error": "\(error)"]
                )
            }
            try await retrying("commit", stopping: stopping) { try await self.consumer.commit() }
            var report = batch.report
            report.produce = produced - started
            report.commit = clock.now - produced
            logger.debug(
                "batch committed",
                metadata: [
                    "pension.batch.size": "\(report.size)", "pension.batch.poll": "\(report.poll)",
                    "pension.batch.plan": "\(report.plan)", "pension.batch.store": "\(report.store)",
                    "pension.batch.produce": "\(report.produce)", "pension.batch.commit": "\(report.commit)",
                ]
            )
            progress?(report)
        }
    }

    /// Runs `step` until it succeeds, waiting 100 ms, 200 ms, … up to 5 s between attempts. Fatal Kafka errors are
    /// not retried. A worker told to stop gives up, leaving the batch uncommitted for the next owner.
    @discardableResult
    private func retrying<T>(_ step: String, stopping: StopFlag, _ body: () async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            do {
                return try await body()
            } catch let error as KafkaError where error.isFatal {
                throw error
            } catch {
                attempt += 1
                let delay = Duration.milliseconds(min(5_000, 100 << min(attempt, 6)))
                logger.warning(
                    "batch failed; retrying without committing",
                    metadata: [
                        "pension.step": "\(step)", "pension.attempt": "\(attempt)", "pension.error": "\(error)",
                        "pension.retry.in": "\(delay)",
                    ]
                )
                if stopping.isSet || Task.isCancelled { throw CancellationError() }
                try? await Task.sleep(for: delay)
            }
        }
    }
}

/// A committed batch: its size and how long each step took (the steps of consecutive batches overlap).
public struct CommittedBatch: Sendable {
    /// Messages in the batch.
    public var size: Int
    /// Waiting for the batch in `poll`.
    public var poll: Duration
    /// Decoding, validating and deciding its effects.
    public var plan: Duration
    /// The store transaction.
    public var store: Duration = .zero
    /// Producing dead letters and follow-ups and awaiting their delivery.
    public var produce: Duration = .zero
    /// Committing the offsets.
    public var commit: Duration = .zero
}

/// Set once when graceful shutdown begins.
final class StopFlag: Sendable {
    private let flag = Atomic(false)
    var isSet: Bool { flag.load(ordering: .relaxed) }
    func set() { flag.store(true, ordering: .relaxed) }
}
