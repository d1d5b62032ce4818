/// Where a Kafka message came from: its topic, partition and offset.
public struct SourcePosition: Sendable, Hashable {
    /// The topic the message was read from.
    public var topic: String
    /// The partition within ``topic``.
    public var partition: Int32
    /// The message's offset within ``partition``.
    public var offset: Int64

    /// Creates a position.
    ///
    /// - Parameters:
    ///   - topic: the topic the message was read from.
    ///   - partition: the partition within the topic.
    ///   - offset: the message's offset within the partition.
    public init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}
