import Kafka

/// What ``StageWorker`` needs of a consumer; ``KafkaConsumer`` is the real one, tests use an in-memory one.
public protocol StageConsumer: Sendable {
    /// Joins the group for `topic` and reports every assignment and revocation to `listener`, synchronously and
    /// before a revocation completes.
    func subscribe(topic: String, listener: @escaping @Sendable (KafkaConsumer.RebalanceEvent) -> Void) async throws
    /// Joins the group for all of `topics`, like ``subscribe(topic:listener:)``; by default only a single topic is
    /// supported (a consumer that reads several implements this).
    func subscribe(topics: [String], listener: @escaping @Sendable (KafkaConsumer.RebalanceEvent) -> Void) async throws
    /// Reads exactly these partitions from their committed offsets, outside group management.
    func assign(_ partitions: [TopicPartition]) async throws
    /// Waits a short while for messages and returns those that arrived (possibly none); serves rebalances.
    func poll() async throws -> [KafkaMessage]
    /// Stops fetching these partitions; ``poll()`` returns none of their messages until ``resume(_:)``.
    func pause(_ partitions: [TopicPartition]) async throws
    /// Fetches paused partitions again, from the position after the last message returned.
    func resume(_ partitions: [TopicPartition]) async throws
    /// Records these messages as processed: their offsets (+1) are what the next commit commits.
    func markProcessed(_ messages: [KafkaMessage]) throws
    /// Commits what was marked processed.
    func commit() async throws
    /// Commits finished work, leaves the group and stops, within a bounded time.
    func close() async throws
}

extension StageConsumer {
    public func subscribe(
        topics: [String], listener: @escaping @Sendable (KafkaConsumer.RebalanceEvent) -> Void
    ) async throws {
        guard topics.count == 1, let topic = topics.first else {
            throw WorkerSetupError(description: "this consumer reads one topic, not \(topics.count)")
        }
        try await subscribe(topic: topic, listener: listener)
    }
}

/// What ``StageWorker`` needs of a producer; ``KafkaProducer`` is the real one.
public protocol StageProducer: Sendable {
    /// The largest message the producer accepts (librdkafka's `message.max.bytes`).
    var maxMessageBytes: Int { get }
    /// Sends the messages and waits until every one is stored.
    func deliver(_ messages: [KafkaProducerMessage]) async throws
    /// Flushes and stops, within a bounded time.
    func shutdown() async throws
}

extension KafkaConsumer: StageConsumer {
    public func subscribe(topic: String, listener: @escaping @Sendable (RebalanceEvent) -> Void) async throws {
        try await subscribe(topics: [topic], listener: listener)
    }

    public func subscribe(topics: [String], listener: @escaping @Sendable (RebalanceEvent) -> Void) async throws {
        setRebalanceListener(listener)
        try subscribe(topics: topics)
    }

    public func assign(_ partitions: [TopicPartition]) async throws {
        try await assign(partitions, offset: KafkaOffset.stored)
    }
}

extension KafkaProducer: StageProducer {
    public var maxMessageBytes: Int { configuration.maxMessageBytes }

    public func shutdown() async throws { try await shutdown(timeout: .seconds(10)) }
}
