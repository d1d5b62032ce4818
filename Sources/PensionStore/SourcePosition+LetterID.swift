extension SourcePosition {
    /// The ID operators type for the dead letter of the message at this position: `topic:partition:offset`, e.g.
    /// `pension.registration:12:3456`. Unique in the store (``DeadLetterRecord`` is keyed by it); Kafka topic names
    /// have no `:`.
    public var letterID: String { "\(topic):\(partition):\(offset)" }

    /// Reads a dead-letter ID written as ``letterID``; `nil` when it is not `topic:partition:offset`.
    ///
    /// - Parameter letterID: e.g. `pension.registration:12:3456`.
    public init?(letterID: String) {
        let parts = letterID.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, let partition = Int32(parts[1]), partition >= 0,
            let offset = Int64(parts[2]), offset >= 0
        else { return nil }
        self.init(topic: String(parts[0]), partition: partition, offset: offset)
    }
}
