import CRDKafka
import Dispatch
import Logging
import Synchronization

/// Reads messages from Kafka, in a consumer group (``subscribe(topics:)``) or from given partitions
/// (``assign(_:)``).
///
/// Offsets are committed only for messages the caller marks with ``markProcessed(_:)``: librdkafka's automatic
/// offset store and commit are off. Before partitions are revoked in a rebalance (eager or cooperative-sticky)
/// the stored offsets are committed, so finished work is never handed to another member. Blocking librdkafka
/// calls run on this consumer's own serial queue (commits on a second one, so they never wait behind a `poll`), never
/// on Swift concurrency's threads.
public final class KafkaConsumer: Sendable {
    /// A change of this consumer's partitions.
    public struct RebalanceEvent: Sendable {
        /// What happened.
        public enum Kind: String, Sendable { case assigned, revoked, lost }
        /// What happened.
        public var kind: Kind
        /// The partitions that were assigned, revoked or lost.
        public var partitions: [TopicPartition]
    }

    let client: RDKafkaClient
    private let context: ConsumerContext
    private let messageQueue: UnsafeHandle
    private let reader: BatchReader
    private let closed: Atomic<Bool>
    /// Commits run here, so a commit never waits behind a `poll` that is waiting for messages.
    private let commitQueue: DispatchQueue
    /// The settings this consumer was made with.
    public let configuration: KafkaConsumerConfiguration

    private init(client: RDKafkaClient, context: ConsumerContext, configuration: KafkaConsumerConfiguration) {
        self.client = client
        self.context = context
        self.configuration = configuration
        self.messageQueue = UnsafeHandle(rd_kafka_queue_get_consumer(client.handle))
        self.reader = BatchReader(capacity: configuration.maxBatchSize, logger: client.logger)
        self.closed = Atomic(false)
        self.commitQueue = DispatchQueue(label: "kafka.\(client.name).commit")
    }

    deinit { rd_kafka_queue_destroy(messageQueue.pointer) }

    /// Creates a consumer.
    /// - Parameters:
    ///   - configuration: consumer settings.
    ///   - logger: receives librdkafka's log lines and rebalance notices.
    ///   - onRebalance: called inside librdkafka's rebalance callback, on the thread serving it (this consumer's
    ///     queue while polling or closing), after each assignment and, for a revocation, after finished work was
    ///     committed and before the partitions are given up. ``setRebalanceListener(_:)`` replaces it.
    /// - Throws: ``KafkaError`` for a bad or protected property (see ``KafkaConfiguration``) or an unsupported
    ///   librdkafka.
    public static func make(
        configuration: KafkaConsumerConfiguration, logger: Logger,
        onRebalance: (@Sendable (RebalanceEvent) -> Void)? = nil
    ) throws -> KafkaConsumer {
        var logger = logger
        logger[metadataKey: "kafka.client.id"] = "\(configuration.kafka.clientID)"
        if let group = configuration.groupID { logger[metadataKey: "kafka.group.id"] = "\(group)" }
        let properties = try configuration.checkedProperties()
        let context = ConsumerContext(logger: logger, listener: onRebalance)
        let client = try RDKafkaClient.make(
            kind: .consumer, properties: properties, context: context, logger: logger
        )
        rd_kafka_poll_set_consumer(client.handle)
        return KafkaConsumer(client: client, context: context, configuration: configuration)
    }

    /// Replaces the rebalance listener (or removes it, with `nil`); the next rebalance event goes to the new one.
    ///
    /// The listener is called synchronously inside librdkafka's rebalance callback, on the thread serving it:
    /// after an assignment is applied, and for a revocation after finished work was committed and before the
    /// partitions are given up, so it can update its own state before another member takes them over. It must
    /// not wait for this consumer's other calls (they run on the same queue) and should return quickly.
    /// Safe to call from any thread, at any time, also from within a listener.
    /// - Parameter listener: the new listener, or `nil` for none.
    public func setRebalanceListener(_ listener: (@Sendable (KafkaConsumer.RebalanceEvent) -> Void)?) {
        context.setListener(listener)
    }

    /// Joins the consumer group and subscribes to `topics`; the group assigns partitions.
    /// - Throws: ``KafkaError`` when there is no group id or librdkafka refuses.
    public func subscribe(topics: [String]) throws {
        guard configuration.groupID != nil else { throw KafkaError.client("subscribing needs a consumer group id") }
        let err = RDKafkaTopicPartitionList.with(topics.map { (TopicPartition($0, -1), KafkaOffset.invalid) }) {
            rd_kafka_subscribe(client.handle, $0)
        }
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.rdKafka(err, "subscribe") }
    }

    /// Reads exactly these partitions, outside group management.
    /// - Parameters:
    ///   - partitions: the partitions to read.
    ///   - offset: where to start: ``KafkaOffset/stored`` (the group's committed offset, the default),
    ///     ``KafkaOffset/beginning``, ``KafkaOffset/end`` or an absolute offset.
    /// - Throws: ``KafkaError``.
    public func assign(_ partitions: [TopicPartition], offset: Int64 = KafkaOffset.stored) async throws {
        try await assign(partitions.map { ($0, offset) })
    }

    /// Reads exactly these partitions, each from its own offset, outside group management.
    /// - Throws: ``KafkaError``.
    public func assign(_ partitions: [(TopicPartition, Int64)]) async throws {
        let err = try await client.blocking { handle in
            RDKafkaTopicPartitionList.with(partitions) { rd_kafka_assign(handle, $0) }
        }
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.rdKafka(err, "assign") }
    }

    /// The partitions this consumer currently reads.
    /// - Throws: ``KafkaError``.
    public func assignment() async throws -> [TopicPartition] {
        try await client.blocking { handle in
            var list: RDKafkaTopicPartitionList.Pointer?
            let err = rd_kafka_assignment(handle, &list)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { throw KafkaError.rdKafka(err, "assignment") }
            defer { rd_kafka_topic_partition_list_destroy(list) }
            return RDKafkaTopicPartitionList.entries(list).map(\.0)
        }
    }

    /// Waits up to the poll timeout for messages and returns those that arrived (possibly none).
    /// Rebalances are served during this call.
    /// - Throws: ``KafkaError`` when the consumer hit a fatal error or was closed.
    public func poll() async throws -> [KafkaMessage] {
        guard !closed.load(ordering: .relaxed) else { throw KafkaError.client("the consumer was closed") }
        let (queue, reader, timeout) = (messageQueue, reader, configuration.pollTimeoutMilliseconds)
        return try await client.blocking { _ in try reader.read(from: queue.pointer, timeoutMilliseconds: timeout) }
    }

    /// Records that these messages are processed: their offsets (+1, per partition the highest) become the ones
    /// the next ``commit()`` or rebalance commits.
    /// - Throws: ``KafkaError`` when librdkafka rejects an offset (for example, the partition was revoked).
    public func markProcessed(_ messages: [KafkaMessage]) throws {
        // A batch holds few partitions: a linear search by partition number beats hashing every message's topic name.
        // Fields are read in place, without copying each message.
        var next: [(TopicPartition, Int64)] = []
        for index in messages.indices {
            let following = messages[index].offset + 1
            if let found = next.firstIndex(where: {
                $0.0.partition == messages[index].partition && $0.0.topic == messages[index].topic
            }) {
                next[found].1 = max(next[found].1, following)
            } else {
                next.append((messages[index].topicPartition, following))
            }
        }
        guard !next.isEmpty else { return }
        try RDKafkaTopicPartitionList.with(next) { list in
            let err = rd_kafka_offsets_store(client.handle, list)
            if let partial = RDKafkaTopicPartitionList.firstError(list, "store offset") { throw partial }
            if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.rdKafka(err, "store offsets") }
        }
    }

    /// Commits the offsets recorded by ``markProcessed(_:)`` and waits for the broker's answer, at most 10 seconds;
    /// see ``commit(timeout:)``.
    /// - Throws: ``KafkaError``.
    public func commit() async throws { try await commit(timeout: .seconds(10)) }

    /// Commits the offsets recorded by ``markProcessed(_:)`` and waits for the broker's answer, at most `timeout`.
    /// Does nothing when there is nothing new to commit.
    /// - Throws: ``KafkaError`` (`_TIMED_OUT`, retriable, when the answer did not come in time).
    public func commit(timeout: Duration) async throws {
        let milliseconds = timeout.milliseconds
        let err = try await client.blocking(on: commitQueue) { RDKafka.commit($0, timeoutMilliseconds: milliseconds) }
        if err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__NO_OFFSET {
            throw KafkaError.rdKafka(err, "commit")
        }
    }

    /// The group's committed offsets for these partitions (``KafkaOffset/invalid`` where none).
    /// - Throws: ``KafkaError``.
    public func committed(_ partitions: [TopicPartition], timeout: Duration = .seconds(10)) async throws
        -> [TopicPartition: Int64]
    {
        try await client.blocking { handle in
            try RDKafkaTopicPartitionList.with(partitions.map { ($0, KafkaOffset.invalid) }) { list in
                let err = rd_kafka_committed(handle, list, timeout.milliseconds)
                if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.rdKafka(err, "committed offsets") }
                return Dictionary(uniqueKeysWithValues: RDKafkaTopicPartitionList.entries(list).map { ($0.0, $0.1) })
            }
        }
    }

    /// Stops fetching these partitions until ``resume(_:)``.
    ///
    /// librdkafka waits for each partition's fetcher to take the pause, so the call runs on this consumer's queue,
    /// never on Swift concurrency's threads.
    /// - Throws: ``KafkaError``.
    public func pause(_ partitions: [TopicPartition]) async throws {
        try await pauseOrResume(partitions, pause: true)
    }

    /// Fetches paused partitions again; like ``pause(_:)`` it runs on this consumer's queue.
    /// - Throws: ``KafkaError``.
    public func resume(_ partitions: [TopicPartition]) async throws {
        try await pauseOrResume(partitions, pause: false)
    }

    private func pauseOrResume(_ partitions: [TopicPartition], pause: Bool) async throws {
        let what = pause ? "pause" : "resume"
        try await client.blocking { handle in
            try RDKafkaTopicPartitionList.with(partitions.map { ($0, KafkaOffset.invalid) }) { list in
                let err = pause ? rd_kafka_pause_partitions(handle, list) : rd_kafka_resume_partitions(handle, list)
                if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.rdKafka(err, what) }
                if let partial = RDKafkaTopicPartitionList.firstError(list, what) { throw partial }
            }
        }
    }

    /// Moves the read position of assigned partitions.
    /// - Parameter positions: partition and offset (absolute or ``KafkaOffset/beginning``/``KafkaOffset/end``).
    /// - Throws: ``KafkaError``.
    public func seek(_ positions: [TopicPartition: Int64], timeout: Duration = .seconds(10)) async throws {
        try await client.blocking { handle in
            try RDKafkaTopicPartitionList.with(positions.map { ($0.key, $0.value) }) { list in
                if let error = rd_kafka_seek_partitions(handle, list, timeout.milliseconds) {
                    throw KafkaError.rdKafka(error: error, "seek")
                }
                if let partial = RDKafkaTopicPartitionList.firstError(list, "seek") { throw partial }
            }
        }
    }

    /// Moves the read position of assigned partitions to the first message at or after a time
    /// (to the end where there is none).
    /// - Parameters:
    ///   - partitions: assigned partitions.
    ///   - milliseconds: the time, in milliseconds since the epoch.
    /// - Throws: ``KafkaError``.
    public func seek(_ partitions: [TopicPartition], toTimestamp milliseconds: Int64) async throws {
        let offsets = try await client.blocking { handle in
            try RDKafka.offsetsForTimes(handle, partitions, milliseconds, timeoutMilliseconds: 10_000)
        }
        try await seek(offsets.mapValues { $0 < 0 ? KafkaOffset.end : $0 })
    }

    /// Commits finished work, leaves the group (handing partitions to the other members) and stops, waiting at
    /// most 10 seconds; see ``close(timeout:)``.
    /// - Throws: ``KafkaError``; `_TIMED_OUT` when closing took longer.
    public func close() async throws {
        try await close(timeout: .seconds(10))
    }

    /// Commits finished work, leaves the group (handing partitions to the other members) and stops.
    ///
    /// librdkafka's close can take long (an unreachable broker, a slow rebalance listener). After `timeout` this
    /// returns by throwing `_TIMED_OUT`; the close goes on in the background on this consumer's queue, without
    /// blocking any Swift concurrency thread, and the consumer is destroyed once it returns. Polling throws from
    /// the moment close is called; closing again returns at once.
    /// - Parameter timeout: how long to wait for librdkafka's close.
    /// - Throws: ``KafkaError``; `_TIMED_OUT` when closing took longer than `timeout`.
    public func close(timeout: Duration) async throws {
        guard !closed.exchange(true, ordering: .relaxed) else { return }
        let err = try await client.blocking(timeout: timeout, "close") { rd_kafka_consumer_close($0) }
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.rdKafka(err, "close") }
    }

    /// Whether ``close()`` was called.
    public var isClosed: Bool { closed.load(ordering: .relaxed) }
}

/// A C pointer passed to the consumer's serial queue, which alone uses it.
struct UnsafeHandle: @unchecked Sendable {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
}

extension Duration {
    var milliseconds: Int32 {
        Int32(clamping: components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000)
    }
}
