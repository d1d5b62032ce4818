import CRDKafka

/// Topic names by librdkafka topic handle, so each name becomes a Swift string once rather than once per message.
struct TopicNames {
    private var names: [Int: String] = [:]

    /// The name of `topic`; empty for no topic.
    mutating func name(of topic: OpaquePointer?) -> String {
        guard let topic else { return "" }
        let key = Int(bitPattern: topic)
        if let name = names[key] { return name }
        let name = String(cString: rd_kafka_topic_name(topic))
        names[key] = name
        return name
    }
}
