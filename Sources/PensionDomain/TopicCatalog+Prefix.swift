import Foundation

extension TopicCatalog {
    /// The same topics with `pension.` replaced by `<prefix>.` in topic and dead-letter names (never in event types,
    /// some of which start with `pension.` too), so a benchmark or test run has topics of its own.
    /// - Throws: an error if the renamed catalog does not validate.
    public func renamed(prefix: String) throws -> TopicCatalog {
        func rename(_ name: String) -> String {
            name.hasPrefix("pension.") ? prefix + "." + name.dropFirst("pension.".count) : name
        }
        let renamed = topics.map {
            TopicSpec(
                name: rename($0.name), stage: $0.stage, partitions: $0.partitions, retentionHours: $0.retentionHours,
                events: $0.events, deadLetter: $0.deadLetter.map(rename), description: $0.description)
        }
        let data = try JSONEncoder().encode(["topics": renamed])
        return try TopicCatalog(decoding: data)
    }
}
