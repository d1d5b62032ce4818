import CRDKafka

/// One member of a consumer group: who it is, what it subscribed to and which partitions it holds.
public struct GroupMember: Sendable, Hashable {
    /// The member id the coordinator gave it.
    public var memberID: String
    /// The client id it connected with.
    public var clientID: String
    /// The host it connected from.
    public var host: String
    /// The topics it subscribed to (from its `consumer` protocol metadata).
    public var topics: [String]
    /// The partitions the group assigned to it (from its `consumer` protocol assignment).
    public var assignment: [TopicPartition]

    /// - Parameters:
    ///   - memberID: the member id.
    ///   - clientID: the client id.
    ///   - host: the client's host.
    ///   - topics: subscribed topics.
    ///   - assignment: assigned partitions.
    public init(memberID: String, clientID: String, host: String, topics: [String], assignment: [TopicPartition]) {
        self.memberID = memberID
        self.clientID = clientID
        self.host = host
        self.topics = topics
        self.assignment = assignment
    }

    init(_ info: rd_kafka_group_member_info, protocolType: String) {
        func bytes(_ pointer: UnsafeMutableRawPointer?, _ count: Int32) -> [UInt8] {
            guard let pointer, count > 0 else { return [] }
            return Array(UnsafeRawBufferPointer(start: pointer, count: Int(count)))
        }
        let isConsumer = protocolType == "consumer"
        self.init(
            memberID: String(cString: info.member_id), clientID: String(cString: info.client_id),
            host: String(cString: info.client_host),
            topics: isConsumer ? ConsumerProtocol.subscription(bytes(info.member_metadata, info.member_metadata_size)) : [],
            assignment: isConsumer
                ? ConsumerProtocol.assignment(bytes(info.member_assignment, info.member_assignment_size)) : []
        )
    }
}

/// Kafka's consumer protocol encodings of a member's subscription and assignment (big-endian: version int16, then
/// topics as int32-counted arrays of int16-length strings; an assignment's topics each with an int32 array of
/// partitions). Malformed or truncated input gives what was read up to the fault.
public enum ConsumerProtocol {
    /// The subscribed topics of a `ConsumerProtocolSubscription`.
    public static func subscription(_ bytes: [UInt8]) -> [String] {
        var reader = Reader(bytes)
        guard reader.int16() != nil, let count = reader.int32(), count >= 0 else { return [] }
        var topics: [String] = []
        for _ in 0..<count {
            guard let topic = reader.string() else { break }
            topics.append(topic)
        }
        return topics
    }

    /// The assigned partitions of a `ConsumerProtocolAssignment`.
    public static func assignment(_ bytes: [UInt8]) -> [TopicPartition] {
        var reader = Reader(bytes)
        guard reader.int16() != nil, let count = reader.int32(), count >= 0 else { return [] }
        var partitions: [TopicPartition] = []
        for _ in 0..<count {
            guard let topic = reader.string(), let entries = reader.int32(), entries >= 0 else { break }
            for _ in 0..<entries {
                guard let partition = reader.int32() else { return partitions }
                partitions.append(TopicPartition(topic, partition))
            }
        }
        return partitions
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        mutating func int16() -> Int16? {
            guard let value = integer(2) else { return nil }
            return Int16(truncatingIfNeeded: value)
        }

        mutating func int32() -> Int32? {
            guard let value = integer(4) else { return nil }
            return Int32(truncatingIfNeeded: value)
        }

        mutating func string() -> String? {
            guard let length = int16(), length >= 0, index + Int(length) <= bytes.count else { return nil }
            defer { index += Int(length) }
            return String(decoding: bytes[index..<index + Int(length)], as: UTF8.self)
        }

        private mutating func integer(_ width: Int) -> UInt32? {
            guard index + width <= bytes.count else { return nil }
            defer { index += width }
            return bytes[index..<index + width].reduce(0) { $0 << 8 | UInt32($1) }
        }
    }
}
