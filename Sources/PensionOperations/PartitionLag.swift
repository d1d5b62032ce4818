/// One partition's consumer lag for one group, as `pension lag` shows it.
///
/// Lag is Kafka's: log end − committed offset; a partition the group never committed counts from the log start.
public struct PartitionLag: Sendable, Hashable, Encodable {
    /// The consumer group.
    public var group: String
    /// The topic.
    public var topic: String
    /// The partition number.
    public var partition: Int32
    /// The township that owns the partition in the partition plan, if any.
    public var township: String?
    /// The first offset still in the log.
    public var logStart: Int64
    /// The offset the next message will get (the high watermark).
    public var logEnd: Int64
    /// The group's committed offset, or `nil` when it has none.
    public var committed: Int64?
    /// Seconds since the oldest unprocessed message was written; `nil` when nothing is unprocessed.
    public var timeLagSeconds: Double?
    /// Whether a live worker held the partition: a member of the group, or a worker pinned to it.
    public var owned: Bool
    /// The status under Burrow's rules (``LagEvaluator``).
    public var status: PartitionStatus

    /// - Parameters:
    ///   - group: the consumer group.
    ///   - topic: the topic.
    ///   - partition: the partition number.
    ///   - township: the township owning the partition.
    ///   - logStart: the first offset still in the log.
    ///   - logEnd: the high watermark.
    ///   - committed: the committed offset, or `nil`.
    ///   - timeLagSeconds: the age of the oldest unprocessed message.
    ///   - owned: whether a live worker held the partition.
    ///   - status: its status.
    public init(
        group: String, topic: String, partition: Int32, township: String?, logStart: Int64, logEnd: Int64,
        committed: Int64?, timeLagSeconds: Double? = nil, owned: Bool = false, status: PartitionStatus = .ok
    ) {
        self.group = group
        self.topic = topic
        self.partition = partition
        self.township = township
        self.logStart = logStart
        self.logEnd = logEnd
        self.committed = committed
        self.timeLagSeconds = timeLagSeconds
        self.owned = owned
        self.status = status
    }

    /// The position the group reads from next: its committed offset, or the log start when it has none (or when
    /// retention deleted what it committed).
    public var position: Int64 { max(committed ?? logStart, logStart) }

    /// Messages not yet processed: log end − position, never negative.
    public var lag: Int64 { max(0, logEnd - position) }

    private enum CodingKeys: String, CodingKey {
        case group, topic, partition, township, logStart, logEnd, committed, position, lag, timeLagSeconds, owned, status
    }

    /// Every field, with ``position`` and ``lag`` written out for scripts.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(group, forKey: .group)
        try container.encode(topic, forKey: .topic)
        try container.encode(partition, forKey: .partition)
        try container.encodeIfPresent(township, forKey: .township)
        try container.encode(logStart, forKey: .logStart)
        try container.encode(logEnd, forKey: .logEnd)
        try container.encodeIfPresent(committed, forKey: .committed)
        try container.encode(position, forKey: .position)
        try container.encode(lag, forKey: .lag)
        try container.encodeIfPresent(timeLagSeconds, forKey: .timeLagSeconds)
        try container.encode(owned, forKey: .owned)
        try container.encode(status, forKey: .status)
    }
}
