import Kafka
import Logging
import PensionDomain
import PensionStore
import PensionWorkers

/// `pension metrics rebuild`: drops the projection and reads every topic again from its beginning in the metrics
/// group, until caught up, so the counters come back from the topics alone.
public struct MetricsRebuild: Sendable {
    /// The rebuild refused to start.
    public struct Refused: Error, CustomStringConvertible {
        public let description: String
    }

    /// What a rebuild did.
    public struct Result: Sendable {
        /// Messages read.
        public var messages: Int
        /// How long it took.
        public var duration: Duration
    }

    private let admin: KafkaAdmin
    private let store: any MetricsStore & PensionStore
    private let logger: Logger

    /// - Parameters:
    ///   - admin: reads the groups and the log ends.
    ///   - store: the projection's store.
    ///   - logger: progress.
    public init(admin: KafkaAdmin, store: any MetricsStore & PensionStore, logger: Logger) {
        self.admin = admin
        self.store = store
        self.logger = logger
    }

    /// Refuses while `group` has members: a running metrics worker would go on counting into the tables being
    /// dropped.
    /// - Throws: ``Refused``, or a Kafka error.
    public func checkNoMembers(group: String) async throws {
        if let described = try await admin.listGroups().first(where: { $0.name == group }), described.members > 0 {
            throw Refused(description: """
                the consumer group \(group) has \(described.members) active member(s): stop every metrics worker \
                (pension worker metrics) before rebuilding
                """)
        }
    }

    /// Drops the projection, then runs a metrics worker on `consumer` (the metrics group) over every partition of
    /// the handler's topics from the beginning until caught up (``RebuildConsumer/caughtUp(ends:quiet:)``).
    /// - Parameters:
    ///   - makeWorker: builds the worker on the consumer it is given, over these partitions.
    ///   - consumer: a consumer in the metrics group.
    ///   - handler: the metrics handler (its topics are read).
    ///   - quiet: how long no message may arrive before the rebuild may end.
    /// - Throws: ``Refused`` while the group has members; store and Kafka errors.
    public func run(
        group: String, handler: MetricsHandler, consumer: KafkaConsumer, quiet: Duration = .seconds(2),
        makeWorker: @Sendable (any StageConsumer, StageScope) throws -> StageWorker<MetricsHandler>
    ) async throws -> Result {
        try await checkNoMembers(group: group)
        let started = ContinuousClock.now
        let described = try await admin.describeTopics(handler.inputTopics)
        let partitionCount = described.map { Int32($0.partitions.count) }.max() ?? 0
        // The log ends from a fetch: exact on the local broker too, whose ListOffsets under-reports them.
        let positions = try await admin.logPositions(Dictionary(uniqueKeysWithValues: described.flatMap { topic in
            topic.partitions.map { (TopicPartition(topic.name, $0.partition), KafkaOffset.beginning) }
        }))
        let ends = positions.filter { ($0.value.firstOffset ?? $0.value.logEnd) < $0.value.logEnd }.mapValues(\.logEnd)
        try await store.resetMetrics()
        logger.info("metrics projection dropped; reading every topic from the beginning",
                    metadata: ["kafka.partitions.nonempty": "\(ends.count)"])
        let reader = RebuildConsumer(consumer)
        let worker = try makeWorker(reader, .partitions(Array(0..<partitionCount)))
        let watermarks = ends
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await worker.run() }
            group.addTask {
                while !reader.caughtUp(ends: watermarks, quiet: quiet) {
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
            // The first to finish: the watcher (caught up), or the worker (failed or cancelled).
            try await group.next()
            group.cancelAll()
            while try await group.next() != nil {}
        }
        return Result(messages: reader.messagesRead, duration: ContinuousClock.now - started)
    }
}
