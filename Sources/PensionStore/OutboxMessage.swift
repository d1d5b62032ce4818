/// A follow-up message a stage decided, as the store keeps it in its outbox: everything needed to produce it again
/// byte for byte (topic, partition, key, value, headers), so a replayed event re-sends what was decided.
public struct OutboxMessage: Sendable, Hashable {
    /// The topic to send to.
    public var topic: String
    /// The partition, chosen by the partition plan when the message was decided.
    public var partition: Int32
    /// The message key.
    public var key: [UInt8]
    /// The message value.
    public var value: [UInt8]
    /// The headers, packed: per header a 2-byte name length, the name, a 4-byte value length and the value
    /// (lengths little-endian). Read them with ``forEachHeader(_:)``.
    public private(set) var packedHeaders: [UInt8] = []

    /// - Parameters:
    ///   - topic: the topic to send to.
    ///   - partition: the partition.
    ///   - key: the key bytes.
    ///   - value: the value bytes.
    public init(topic: String, partition: Int32, key: [UInt8], value: [UInt8]) {
        self.topic = topic
        self.partition = partition
        self.key = key
        self.value = value
    }

    init(topic: String, partition: Int32, key: [UInt8], value: [UInt8], packedHeaders: [UInt8]) {
        self.init(topic: topic, partition: partition, key: key, value: value)
        self.packedHeaders = packedHeaders
    }

    /// Appends a header. Names longer than 65,535 bytes are cut.
    public mutating func addHeader(_ name: String, _ value: UnsafeRawBufferPointer) {
        let nameBytes = name.utf8.prefix(Int(UInt16.max))
        if packedHeaders.isEmpty { packedHeaders.reserveCapacity(128) }
        withUnsafeBytes(of: UInt16(nameBytes.count).littleEndian) { packedHeaders.append(contentsOf: $0) }
        packedHeaders.append(contentsOf: nameBytes)
        withUnsafeBytes(of: UInt32(value.count).littleEndian) { packedHeaders.append(contentsOf: $0) }
        packedHeaders.append(contentsOf: value)
    }

    /// Calls `body` with each header's name and value, in order.
    public func forEachHeader(_ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Void) {
        packedHeaders.withUnsafeBytes { buffer in
            var index = 0
            func integer(_ width: Int) -> Int {
                defer { index += width }
                return (0..<width).reduce(0) { $0 | Int(buffer[index + $1]) << (8 * $1) }
            }
            while index < buffer.count {
                let nameCount = integer(2)
                let name = UnsafeRawBufferPointer(rebasing: buffer[index..<index + nameCount])
                index += nameCount
                let valueCount = integer(4)
                let value = UnsafeRawBufferPointer(rebasing: buffer[index..<index + valueCount])
                index += valueCount
                body(name, value)
            }
        }
    }

    /// Key, value, topic and header bytes: what the message weighs on the wire, less the record overhead.
    public var payloadSize: Int { key.count + value.count + packedHeaders.count + topic.utf8.count }
}
