/// A topic and partition.
public struct TopicPartition: Hashable, Sendable, CustomStringConvertible {
    /// The topic name.
    public var topic: String
    /// The partition number.
    public var partition: Int32

    /// - Parameters:
    ///   - topic: the topic name.
    ///   - partition: the partition number.
    public init(_ topic: String, _ partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    public var description: String { "\(topic)[\(partition)]" }
}

/// Special offsets librdkafka understands in assignments and seeks.
public enum KafkaOffset {
    /// The oldest retained message.
    public static let beginning: Int64 = -2
    /// After the newest message.
    public static let end: Int64 = -1
    /// The group's committed offset (or `auto.offset.reset` when there is none).
    public static let stored: Int64 = -1000
    /// No offset.
    public static let invalid: Int64 = -1001
}

/// One Kafka record header. Values are bytes; ``stringValue`` reads them as UTF-8.
public struct KafkaHeader: Hashable, Sendable {
    /// The header name.
    public var key: String
    /// The header value, or `nil` for a null value.
    public var value: [UInt8]?

    /// - Parameters:
    ///   - key: the header name.
    ///   - value: the value as UTF-8 text.
    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = Array(value.utf8)
    }

    /// - Parameters:
    ///   - key: the header name.
    ///   - bytes: the raw value.
    public init(key: String, bytes: [UInt8]?) {
        self.key = key
        self.value = bytes
    }

    /// The value as UTF-8 text.
    public var stringValue: String? { value.map { String(decoding: $0, as: UTF8.self) } }
}

extension Array where Element == KafkaHeader {
    /// The first header with this name, as text.
    public subscript(header key: String) -> String? { first { $0.key == key }?.stringValue }
}

/// A message to send.
public struct KafkaProducerMessage: Sendable {
    /// The topic to send to.
    public var topic: String
    /// An explicit partition, or `nil` to let the partitioner choose by key.
    public var partition: Int32?
    /// The message key.
    public var key: [UInt8]?
    /// The message value.
    public var value: [UInt8]
    /// Record headers, in order.
    ///
    /// Like a consumed message's, they are kept packed in one buffer; ``addHeader(_:_:)`` appends to it without
    /// building a ``KafkaHeader``.
    public var headers: [KafkaHeader] {
        get { packedHeaders.unpacked }
        set { packedHeaders = PackedHeaders(newValue) }
    }
    var packedHeaders: PackedHeaders

    /// - Parameters:
    ///   - topic: the topic to send to.
    ///   - partition: an explicit partition, or `nil`.
    ///   - key: the key, as UTF-8 text.
    ///   - value: the value bytes.
    ///   - headers: record headers.
    public init(topic: String, partition: Int32? = nil, key: String?, value: [UInt8], headers: [KafkaHeader] = []) {
        self.topic = topic
        self.partition = partition
        self.key = key.map { Array($0.utf8) }
        self.value = value
        self.packedHeaders = PackedHeaders(headers)
    }

    /// Appends a header whose value is UTF-8 text.
    public mutating func addHeader(_ key: String, _ value: String) {
        var value = value
        value.withUTF8 { addHeader(key, bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Appends a header with a raw value.
    public mutating func addHeader(_ key: String, bytes: UnsafeRawBufferPointer) {
        var key = key
        key.withUTF8 { packedHeaders.append(name: UnsafeRawBufferPointer($0), value: bytes) }
    }
}

/// Where a sent message was stored.
public struct KafkaDeliveryReport: Sendable, Hashable {
    /// The topic and partition it went to.
    public var topicPartition: TopicPartition
    /// Its offset in the partition.
    public var offset: Int64
}

/// A consumed message.
public struct KafkaMessage: Sendable {
    /// The topic and partition it came from.
    public var topicPartition: TopicPartition
    /// Its offset.
    public var offset: Int64
    /// The key, if any.
    public var key: [UInt8]?
    /// The value (empty for a null value).
    public var value: [UInt8]
    /// Record headers, in the order the producer added them.
    ///
    /// They are kept packed in one buffer and unpacked when read, so consuming a message costs one allocation for
    /// all its headers rather than two per header.
    public var headers: [KafkaHeader] {
        get { packedHeaders.unpacked }
        set { packedHeaders = PackedHeaders(newValue) }
    }
    /// The record timestamp in milliseconds since the epoch, if the broker gave one.
    public var timestampMilliseconds: Int64?
    var packedHeaders: PackedHeaders

    /// The topic name.
    public var topic: String { topicPartition.topic }
    /// The partition number.
    public var partition: Int32 { topicPartition.partition }
    /// The key as UTF-8 text.
    public var keyString: String? { key.map { String(decoding: $0, as: UTF8.self) } }
}

/// Headers as one byte buffer: per header a 2-byte name length, the name, a 4-byte value length (`-1` for no value)
/// and the value; lengths little-endian.
struct PackedHeaders: Sendable {
    private var bytes: [UInt8] = []

    init() {}

    init(_ headers: [KafkaHeader]) {
        for header in headers {
            var name = header.key
            name.withUTF8 { name in
                if let value = header.value {
                    value.withUnsafeBytes { append(name: UnsafeRawBufferPointer(name), value: $0) }
                } else {
                    append(name: UnsafeRawBufferPointer(name), value: nil)
                }
            }
        }
    }

    /// Adds a header; a nil `value` is a header without a value. Names are cut at 65,535 bytes.
    mutating func append(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer?) {
        let nameCount = min(name.count, Int(UInt16.max))
        // Room for this header at once; growing geometrically, and at first by room for a few more like it.
        let needed = 6 + nameCount + (value?.count ?? 0)
        if bytes.capacity < bytes.count + needed {
            bytes.reserveCapacity(max(bytes.count + needed, 2 * bytes.capacity, 4 * needed))
        }
        withUnsafeBytes(of: UInt16(nameCount).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: name[..<nameCount]))
        withUnsafeBytes(of: Int32(clamping: value?.count ?? -1).littleEndian) { bytes.append(contentsOf: $0) }
        if let value { bytes.append(contentsOf: value) }
    }

    /// Calls `body` with each header's name and value (`nil` for a null value), in order.
    func forEach(_ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer?) -> Void) {
        bytes.withUnsafeBytes { buffer in
            var index = 0
            func integer(_ width: Int) -> Int {
                defer { index += width }
                return (0..<width).reduce(0) { $0 | Int(buffer[index + $1]) << (8 * $1) }
            }
            while index < buffer.count {
                let nameCount = integer(2)
                let name = UnsafeRawBufferPointer(rebasing: buffer[index..<(index + nameCount)])
                index += nameCount
                let valueCount = Int(Int32(truncatingIfNeeded: integer(4)))
                let value = valueCount < 0 ? nil : UnsafeRawBufferPointer(rebasing: buffer[index..<(index + valueCount)])
                index += max(0, valueCount)
                body(name, value)
            }
        }
    }

    var isEmpty: Bool { bytes.isEmpty }

    var unpacked: [KafkaHeader] {
        var headers: [KafkaHeader] = []
        forEach { name, value in
            headers.append(KafkaHeader(key: String(decoding: name, as: UTF8.self), bytes: value.map { Array($0) }))
        }
        return headers
    }
}
