import Kafka
import Testing

/// Kafka's consumer protocol bytes, as Apache Kafka's group coordinator returns them in DescribeGroups.
@Suite struct ConsumerProtocolTests {
    static func string(_ text: String) -> [UInt8] { [0, UInt8(text.utf8.count)] + Array(text.utf8) }
    static func int32(_ value: Int32) -> [UInt8] { withUnsafeBytes(of: value.bigEndian) { Array($0) } }

    @Test func subscriptionTopics() {
        let bytes: [UInt8] = [0, 1] + Self.int32(2) + Self.string("pension.registration") + Self.string("b") + Self.int32(-1)
        #expect(ConsumerProtocol.subscription(bytes) == ["pension.registration", "b"])
    }

    @Test func assignmentPartitions() {
        let bytes: [UInt8] = [0, 0] + Self.int32(1) + Self.string("t") + Self.int32(2) + Self.int32(3) + Self.int32(7) + Self.int32(-1)
        #expect(ConsumerProtocol.assignment(bytes) == [TopicPartition("t", 3), TopicPartition("t", 7)])
    }

    @Test func truncatedInputGivesWhatWasRead() {
        let bytes: [UInt8] = [0, 0] + Self.int32(1) + Self.string("t") + Self.int32(2) + Self.int32(3) + [0, 0]
        #expect(ConsumerProtocol.assignment(bytes) == [TopicPartition("t", 3)])
        #expect(ConsumerProtocol.subscription([0]) == [])
    }
}
