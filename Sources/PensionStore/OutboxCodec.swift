/// The byte form of an event's outbox in the store: a 2-byte message count, then per message the topic (2-byte
/// length), the partition (4 bytes), key, value and packed headers (each with a 4-byte length); little-endian.
package enum OutboxCodec {
    /// A stored outbox could not be read: the store is damaged.
    package struct Corrupt: Error, CustomStringConvertible {
        package init() {}
        package var description: String { "a stored outbox is damaged (event_gate.outbox)" }
    }

    package static func encode(_ messages: [OutboxMessage]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(2 + messages.reduce(0) { $0 + 18 + $1.payloadSize })
        func integer<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        integer(UInt16(messages.count))
        for message in messages {
            integer(UInt16(message.topic.utf8.count))
            bytes.append(contentsOf: message.topic.utf8)
            integer(message.partition)
            integer(UInt32(message.key.count))
            bytes.append(contentsOf: message.key)
            integer(UInt32(message.value.count))
            bytes.append(contentsOf: message.value)
            integer(UInt32(message.packedHeaders.count))
            bytes.append(contentsOf: message.packedHeaders)
        }
        return bytes
    }

    package static func decode(_ bytes: UnsafeRawBufferPointer) throws -> [OutboxMessage] {
        var index = 0
        func integer<T: FixedWidthInteger>(_: T.Type) throws -> T {
            guard index + MemoryLayout<T>.size <= bytes.count else { throw Corrupt() }
            defer { index += MemoryLayout<T>.size }
            return T(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: T.self))
        }
        func chunk(_ count: Int) throws -> [UInt8] {
            guard count >= 0, index + count <= bytes.count else { throw Corrupt() }
            defer { index += count }
            return Array(bytes[index..<index + count])
        }
        let count = Int(try integer(UInt16.self))
        var messages: [OutboxMessage] = []
        messages.reserveCapacity(count)
        for _ in 0..<count {
            let topic = String(decoding: try chunk(Int(try integer(UInt16.self))), as: UTF8.self)
            let partition = try integer(Int32.self)
            let key = try chunk(Int(try integer(UInt32.self)))
            let value = try chunk(Int(try integer(UInt32.self)))
            let headers = try chunk(Int(try integer(UInt32.self)))
            messages.append(OutboxMessage(topic: topic, partition: partition, key: key, value: value, packedHeaders: headers))
        }
        guard index == bytes.count else { throw Corrupt() }
        return messages
    }
}
