import Testing

@testable import Kafka

@Suite struct PackedHeadersTests {
    @Test func headersSurvivePackingInOrder() {
        let headers = [
            KafkaHeader("pension-event-type", "registration.submitted"),
            KafkaHeader(key: "no-value", bytes: nil),
            KafkaHeader(key: "empty", bytes: []),
            KafkaHeader("名字", "值"),
            KafkaHeader(key: "", bytes: [0, 255, 1]),
            KafkaHeader("pension-event-type", "second value, same name"),
            KafkaHeader(key: "large", bytes: Array(repeating: 7, count: 70_000)),
        ]
        #expect(PackedHeaders(headers).unpacked == headers)
        #expect(PackedHeaders([]).unpacked.isEmpty)
    }

    @Test func messageHeadersCanBeReplaced() {
        var message = KafkaMessage(
            topicPartition: TopicPartition("t", 0), offset: 1, key: nil, value: [], timestampMilliseconds: nil,
            packedHeaders: PackedHeaders([KafkaHeader("a", "1")])
        )
        #expect(message.headers[header: "a"] == "1")
        message.headers.append(KafkaHeader("b", "2"))
        #expect(message.headers == [KafkaHeader("a", "1"), KafkaHeader("b", "2")])
    }

    @Test func producerHeadersAddedOneByOneEqualThoseGivenAtOnce() {
        let given = [KafkaHeader("a", "1"), KafkaHeader("名字", "值"), KafkaHeader(key: "raw", bytes: [0, 255])]
        var added = KafkaProducerMessage(topic: "t", key: nil, value: [])
        added.addHeader("a", "1")
        added.addHeader("名字", "值")
        [UInt8]([0, 255]).withUnsafeBytes { added.addHeader("raw", bytes: $0) }
        #expect(added.headers == given)
        #expect(KafkaProducerMessage(topic: "t", key: nil, value: [], headers: given).headers == given)

        var visited: [KafkaHeader] = []
        added.packedHeaders.forEach { name, value in
            visited.append(KafkaHeader(key: String(decoding: name, as: UTF8.self), bytes: value.map { Array($0) }))
        }
        #expect(visited == given)
    }
}
