import Foundation

/// The system's Kafka topics, loaded from `config/topics.json`.
public struct TopicCatalog: Sendable {
    /// All topics in file order.
    public let topics: [TopicSpec]

    private let byName: [String: TopicSpec]
    private let byEvent: [String: TopicSpec]

    /// Loads and validates a topic file.
    ///
    /// - Parameter url: the JSON file, shaped like `config/topics.json`.
    /// - Throws: ``ConfigurationError`` naming the problem.
    public static func load(from url: URL) throws -> TopicCatalog {
        try TopicCatalog(decoding: ConfigFile.read(url, source: source))
    }

    /// Decodes and validates a topic list.
    ///
    /// Checks that names are unique, partitions and retention are positive, each event type belongs to one topic,
    /// and each `deadLetter` names a listed topic that has no dead-letter topic of its own.
    /// - Parameter data: JSON `{"topics": [{"name", "stage", "partitions", "retentionHours", "events",
    ///   "deadLetter", "description"}]}`.
    /// - Throws: ``ConfigurationError`` naming the problem.
    public init(decoding data: Data) throws {
        let file = try ConfigFile.decode(File.self, from: data, source: Self.source)
        var byName: [String: TopicSpec] = [:]
        var byEvent: [String: TopicSpec] = [:]
        for topic in file.topics {
            guard !topic.name.isEmpty else {
                throw Self.error("a topic has an empty name")
            }
            guard byName.updateValue(topic, forKey: topic.name) == nil else {
                throw Self.error("topic \(topic.name) is listed twice")
            }
            guard topic.partitions > 0 else {
                throw Self.error("topic \(topic.name) must have at least 1 partition, not \(topic.partitions)")
            }
            guard topic.retentionHours > 0 else {
                throw Self.error("topic \(topic.name) must keep messages at least 1 hour, not \(topic.retentionHours)")
            }
            for event in topic.events {
                if let other = byEvent.updateValue(topic, forKey: event) {
                    throw Self.error("event type \(event) is listed in both \(other.name) and \(topic.name)")
                }
            }
        }
        for topic in file.topics {
            guard let name = topic.deadLetter else { continue }
            guard let target = byName[name] else {
                throw Self.error("topic \(topic.name) names dead-letter topic \(name), which is not listed")
            }
            guard target.deadLetter == nil else {
                throw Self.error("dead-letter topic \(name) of \(topic.name) has a dead-letter topic of its own")
            }
        }
        topics = file.topics
        self.byName = byName
        self.byEvent = byEvent
    }

    /// The topic with this name, if listed: `catalog[name: "pension.registration"]`.
    ///
    /// - Parameter name: a topic name such as `pension.registration`.
    public subscript(name name: String) -> TopicSpec? {
        byName[name]
    }

    /// The topic with this name, if listed: `catalog["pension.registration"]`.
    ///
    /// - Parameter name: a topic name such as `pension.registration`.
    public subscript(name: String) -> TopicSpec? {
        byName[name]
    }

    /// The topic that carries an event type, if any.
    ///
    /// - Parameter type: an event type such as `registration.submitted`.
    public func topic(forEvent type: String) -> TopicSpec? {
        byEvent[type]
    }

    /// Checks that every topic has the plan's partition count, as every topic here is township-scoped.
    ///
    /// - Parameter plan: the partition plan.
    /// - Throws: ``ConfigurationError`` naming the first topic whose count differs.
    public func checkPartitions(matching plan: PartitionPlan) throws {
        for topic in topics where topic.partitions != plan.partitionCount {
            throw Self.error(
                "topic \(topic.name) has \(topic.partitions) partitions but the plan has \(plan.partitionCount)"
            )
        }
    }

    private static let source = "topics"

    private static func error(_ problem: String) -> ConfigurationError {
        ConfigurationError(source: source, problem: problem)
    }

    private struct File: Decodable {
        let topics: [TopicSpec]
    }
}
