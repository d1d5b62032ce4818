import Foundation
import Kafka
import PensionDomain

/// Event ids derived from the event that caused them, so a retried batch produces the very same follow-ups.
enum EventIDs {
    static func derived(from source: UUID, _ purpose: String) -> UUID {
        let bytes = withUnsafeBytes(of: source.uuid) { Array($0) } + Array(purpose.utf8)
        let high = UInt64(PartitionPlan.fnv1a32(bytes)) << 32 | UInt64(PartitionPlan.fnv1a32(bytes.reversed()))
        let low = UInt64(PartitionPlan.fnv1a32(bytes + [0x5A])) << 32 | UInt64(PartitionPlan.fnv1a32(bytes + [0xA5]))
        var raw = withUnsafeBytes(of: (high.bigEndian, low.bigEndian)) { Array($0) }
        raw[6] = (raw[6] & 0x0F) | 0x80  // version 8: custom
        raw[8] = (raw[8] & 0x3F) | 0x80  // RFC 4122 variant
        return UUID(uuid: (raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], raw[6], raw[7],
                           raw[8], raw[9], raw[10], raw[11], raw[12], raw[13], raw[14], raw[15]))
    }
}

extension EventEnvelope {
    /// This event as a Kafka message on `topic`, in the partition the plan gives its township and key, with the
    /// wire headers.
    /// - Throws: `PartitionPlanError` for an unknown township, or an encoding error.
    public func kafkaMessage(topic: String, plan: PartitionPlan, key: String) throws -> KafkaProducerMessage {
        KafkaProducerMessage(
            topic: topic, partition: try plan.partition(townshipCode: townshipCode, key: key), key: key,
            value: Array(try encoded()), headers: headers.map { KafkaHeader($0.name, $0.value) }
        )
    }
}
