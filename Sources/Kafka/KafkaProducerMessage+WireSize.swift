extension KafkaProducerMessage {
    /// Bytes a record needs besides its key, value and headers, counted generously: librdkafka's largest record
    /// framing (36 bytes: length, attributes, timestamp and offset deltas, key and value lengths, header count, each
    /// as a varint of the largest width) plus a record batch header (61 bytes), since a record alone in a batch must
    /// fit the broker's limit too.
    public static let wireOverhead = 36 + 61

    /// Bytes each header needs besides its name and value: the two length varints at their largest width.
    public static let wireOverheadPerHeader = 10

    /// An upper bound of this message's size on the wire, in bytes: key + value + header names and values +
    /// ``wireOverheadPerHeader`` per header + ``wireOverhead``. librdkafka computes its size the same way with
    /// smaller overheads, so a message whose `wireSize` is at most
    /// ``KafkaProducerConfiguration/maxMessageBytes`` is never refused as too large.
    public var wireSize: Int {
        var size = Self.wireOverhead + (key?.count ?? 0) + value.count
        packedHeaders.forEach { name, value in size += Self.wireOverheadPerHeader + name.count + (value?.count ?? 0) }
        return size
    }
}
