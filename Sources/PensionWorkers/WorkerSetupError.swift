import PensionDomain

/// The configuration does not give a stage what it needs.
public struct WorkerSetupError: Error, CustomStringConvertible {
    /// What is missing.
    public let description: String
}

extension TopicCatalog {
    /// The topic that carries `eventType`.
    public func stageTopic(forEvent eventType: String) throws -> TopicSpec {
        guard let topic = topic(forEvent: eventType) else {
            throw WorkerSetupError(description: "config/topics.json has no topic for \(eventType)")
        }
        return topic
    }

    /// The dead-letter topic of a stage topic.
    public func deadLetterTopic(of topic: TopicSpec) throws -> String {
        guard let name = topic.deadLetter else {
            throw WorkerSetupError(description: "config/topics.json gives \(topic.name) no dead-letter topic")
        }
        return name
    }
}
