import Foundation
import Kafka
import PensionDomain

/// Event ids derived from the event that caused them, so a retried batch produces the very same follow-ups.
public enum EventIDs {
    /// FNV-1a (32-bit) of the source id's 16 bytes and the purpose's UTF-8 bytes, forwards and backwards and with a
    /// `5A`/`A5` byte appended, makes the 128 bits; then the version (8, custom) and variant bits are set.
    public static func derived(from source: UUID, _ purpose: String) -> UUID {
        let (offsetBasis, prime): (UInt32, UInt32) = (0x811C_9DC5, 0x0100_0193)
        func step(_ hash: UInt32, _ byte: UInt8) -> UInt32 { (hash ^ UInt32(byte)) &* prime }
        return withUnsafeBytes(of: source.uuid) { id in
            var forwards = offsetBasis
            for byte in id { forwards = step(forwards, byte) }
            for byte in purpose.utf8 { forwards = step(forwards, byte) }
            var backwards = offsetBasis
            for byte in purpose.utf8.reversed() { backwards = step(backwards, byte) }
            for byte in id.reversed() { backwards = step(backwards, byte) }
            let high = UInt64(forwards) << 32 | UInt64(backwards)
            let low = UInt64(step(forwards, 0x5A)) << 32 | UInt64(step(forwards, 0xA5))
            var raw = (high.bigEndian, low.bigEndian)
            return withUnsafeMutableBytes(of: &raw) { bytes in
                bytes[6] = (bytes[6] & 0x0F) | 0x80  // version 8: custom
                bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
                return UUID(uuid: bytes.load(as: uuid_t.self))
            }
        }
    }
}

extension EventEnvelope {
    /// This event as a Kafka message on `topic`, in the partition the plan gives its township and key, with the
    /// wire headers.
    /// - Throws: `PartitionPlanError` for an unknown township, or an encoding error.
    public func kafkaMessage(topic: String, plan: PartitionPlan, key: String) throws -> KafkaProducerMessage {
        var message = KafkaProducerMessage(
            topic: topic, partition: try plan.partition(townshipCode: townshipCode, key: key), key: key,
            value: try encodedBytes()
        )
        Self.forEachHeader(eventId: eventId) { message.addHeader($0, bytes: $1) }
        return message
    }
}
