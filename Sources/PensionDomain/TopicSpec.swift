/// One Kafka topic of the system, as listed in `config/topics.json`.
public struct TopicSpec: Sendable, Codable, Hashable {
    /// The topic name, e.g. `pension.registration`.
    public let name: String
    /// The processing stage the topic serves, e.g. `registration`.
    public let stage: String
    /// The number of partitions; equal to the partition plan's count for township-scoped topics.
    public let partitions: Int32
    /// How long the broker keeps messages, in hours.
    public let retentionHours: Int
    /// The event types published to this topic; empty for dead-letter topics.
    public let events: [String]
    /// The dead-letter topic for messages that fail here; `nil` for dead-letter topics themselves.
    public let deadLetter: String?
    /// What the topic carries, in English.
    public let description: String

    /// Creates a topic description.
    ///
    /// - Parameters:
    ///   - name: the topic name.
    ///   - stage: the processing stage.
    ///   - partitions: the number of partitions.
    ///   - retentionHours: retention in hours.
    ///   - events: the event types published to it.
    ///   - deadLetter: its dead-letter topic, if any.
    ///   - description: what it carries.
    public init(
        name: String,
        stage: String,
        partitions: Int32,
        retentionHours: Int,
        events: [String],
        deadLetter: String?,
        description: String
    ) {
        self.name = name
        self.stage = stage
        self.partitions = partitions
        self.retentionHours = retentionHours
        self.events = events
        self.deadLetter = deadLetter
        self.description = description
    }

    /// True when this is a dead-letter topic: it carries no event types of its own and has no dead-letter topic.
    public var isDeadLetter: Bool {
        events.isEmpty && deadLetter == nil
    }
}
