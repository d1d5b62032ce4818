import Kafka
import Logging
import PensionStore
import ServiceLifecycle
import Synchronization

/// Runs one ``StageHandler``: consume a batch, plan it, write the store in one transaction, produce dead letters
/// and follow-ups (idempotent producer), and only then commit the offsets.
///
/// Transient failures (broker or store unavailable) retry the same batch with backoff and commit nothing. On
/// graceful shutdown (SIGTERM/SIGINT through ServiceLifecycle) the current batch is finished and committed,
/// then the consumer leaves its group.
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
    private let progress: (@Sendable (Int) -> Void)?

    /// - Parameters:
    ///   - handler: the stage.
    ///   - consumer: a consumer whose group id is the stage's group.
    ///   - producer: an idempotent producer for dead letters and follow-ups.
    ///   - scope: group membership or fixed partitions.
    ///   - logger: the worker's logger.
    ///   - progress: called with the size of each committed batch.
    public init(
        handler: any StageHandler, consumer: KafkaConsumer, producer: KafkaProducer, scope: Scope = .group,
        logger: Logger, progress: (@Sendable (Int) -> Void)? = nil
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
        logger.info("worker started", metadata: ["kafka.topic": "\(handler.inputTopic)"])
        let stopping = StopFlag()
        try await withGracefulShutdownHandler {
            while !stopping.isSet && !Task.isCancelled {
                let batch = try await consumer.poll()
                guard !batch.isEmpty else { continue }
                try await processUntilDone(batch, stopping: stopping)
            }
        } onGracefulShutdown: {
            stopping.set()
        }
        try await consumer.close()
        try await producer.shutdown()
        logger.info("worker stopped")
    }

    private func processUntilDone(_ batch: [KafkaMessage], stopping: StopFlag) async throws {
        var attempt = 0
        while true {
            do {
                try await process(batch)
                return
            } catch let error as KafkaError where error.isFatal {
                throw error
            } catch {
                attempt += 1
                let delay = Duration.milliseconds(min(5_000, 100 << min(attempt, 6)))
                logger.warning(
                    "batch failed; retrying without committing",
                    metadata: ["pension.attempt": "\(attempt)", "pension.error": "\(error)", "pension.retry.in": "\(delay)"]
                )
                // A worker told to stop leaves the batch uncommitted: the next owner processes it.
                if stopping.isSet || Task.isCancelled { throw CancellationError() }
                try? await Task.sleep(for: delay)
            }
        }
    }

    /// Store first, then follow-ups and dead letters, then offsets. A crash anywhere replays the batch: the store
    /// ignores events it already applied, and the follow-ups (whose ids derive from their sources) are produced
    /// again, so none is lost; downstream stages ignore the repeats. A follow-up is visible only once the change
    /// that caused it is durable.
    private func process(_ batch: [KafkaMessage]) async throws {
        let clock = ContinuousClock()
        let started = clock.now
        let plan = try await handler.plan(batch)
        let planned = clock.now
        try await plan.persist(plan.deadLetters.map {
            DeadLetters.record(for: $0.message, error: $0.error, stage: handler.stage, townshipCode: $0.townshipCode)
        })
        let deadLetterMessages = plan.deadLetters.map {
            DeadLetters.message(for: $0.message, error: $0.error, topic: handler.deadLetterTopic)
        }
        let stored = clock.now
        try await producer.send(deadLetterMessages + plan.followUps)
        let produced = clock.now
        for letter in plan.deadLetters {
            logger.warning(
                "dead-lettered",
                metadata: [
                    "kafka.partition": "\(letter.message.partition)", "kafka.offset": "\(letter.message.offset)",
                    "pension.error.code": "\(letter.error.code.rawValue)",
                    "pension.error.field": "\(letter.error.field ?? "-")",
                ]
            )
        }
        try consumer.markProcessed(batch)
        try await consumer.commit()
        let committed = clock.now
        logger.debug(
            "batch committed",
            metadata: [
                "pension.batch.size": "\(batch.count)", "pension.batch.plan": "\(planned - started)",
                "pension.batch.store": "\(stored - planned)", "pension.batch.produce": "\(produced - stored)",
                "pension.batch.commit": "\(committed - produced)",
            ]
        )
        progress?(batch.count)
    }
}

/// Set once when graceful shutdown begins.
final class StopFlag: Sendable {
    private let flag = Atomic(false)
    var isSet: Bool { flag.load(ordering: .relaxed) }
    func set() { flag.store(true, ordering: .relaxed) }
}
