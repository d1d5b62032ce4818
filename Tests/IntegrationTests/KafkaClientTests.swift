import Foundation
import Kafka
import Synchronization
import Testing

@Suite("Kafka client against the real broker", .serialized, .timeLimit(.minutes(5)))
struct KafkaClientTests {
    @Test("messages round-trip with keys, headers and values")
    func roundTrip() async throws {
        let topic = TestBroker.uniqueName("roundtrip")
        try await TestBroker.createTopic(topic, partitions: 3)
        let producer = try TestBroker.producer()
        let sent = (0..<30).map { TestBroker.message(topic, $0, partition: Int32($0 % 3)) }
        let reports = try await producer.send(sent)
        #expect(reports.map(\.topicPartition.partition) == sent.map { $0.partition! })
        try await producer.shutdown()

        let consumer = try TestBroker.consumer(group: nil)
        try await consumer.assign((0..<3).map { TopicPartition(topic, $0) }, offset: KafkaOffset.beginning)
        var received: [KafkaMessage] = []
        for try await message in consumer.messages {
            received.append(message)
            if received.count == sent.count { break }
        }
        let byIndex = Dictionary(uniqueKeysWithValues: received.map { (Int($0.headers[header: "index"]!)!, $0) })
        for (index, original) in sent.enumerated() {
            let got = try #require(byIndex[index])
            #expect(got.keyString == "key-\(index)")
            #expect(got.value == original.value)
            #expect(got.partition == original.partition)
            #expect(got.offset == reports[index].offset)
        }
        try await consumer.close()
    }

    @Test("deliver sends every message, headers included, without keeping reports")
    func deliverWithoutReports() async throws {
        let topic = TestBroker.uniqueName("deliver")
        try await TestBroker.createTopic(topic, partitions: 2)
        let sent = (0..<500).map { index -> KafkaProducerMessage in
            var message = KafkaProducerMessage(
                topic: topic, partition: Int32(index % 2), key: "key-\(index)", value: Array("value-\(index)".utf8))
            message.addHeader("index", String(index))
            return message
        }
        let producer = try TestBroker.producer()
        try await producer.deliver(sent)  // that it waits for every report is checked in DeliveryBatchTests
        try await producer.shutdown()

        let consumer = try TestBroker.consumer(group: nil)
        try await consumer.assign((0..<2).map { TopicPartition(topic, $0) }, offset: KafkaOffset.beginning)
        var received: [Int: KafkaMessage] = [:]
        for try await message in consumer.messages {
            received[Int(message.headers[header: "index"] ?? "") ?? -1] = message
            if received.count == sent.count { break }
        }
        #expect(received.keys.sorted() == Array(0..<500))
        #expect(received[7]?.value == Array("value-7".utf8))
        #expect(received[7]?.partition == 1)
        try await consumer.close()
    }

    @Test("a full local queue makes send wait instead of dropping")
    func backpressure() async throws {
        let topic = TestBroker.uniqueName("backpressure")
        try await TestBroker.createTopic(topic, partitions: 1)
        var configuration = KafkaProducerConfiguration(kafka: try TestBroker.kafka())
        configuration.kafka.properties["queue.buffering.max.messages"] = "100"
        let producer = try KafkaProducer.make(configuration: configuration, logger: TestBroker.logger)
        let reports = try await producer.send((0..<2_000).map { TestBroker.message(topic, $0, partition: 0) })
        #expect(reports.count == 2_000)
        #expect(Set(reports.map(\.offset)).count == 2_000)
        try await producer.shutdown()
    }

    @Test("a message whose wireSize is maxMessageBytes is stored; one clearly larger is refused as too large")
    func messageSizeLimit() async throws {
        let topic = TestBroker.uniqueName("size")
        try await TestBroker.createTopic(topic, partitions: 1)
        let producer = try TestBroker.producer()
        let limit = producer.configuration.maxMessageBytes
        var fits = KafkaProducerMessage(
            topic: topic, partition: 0, key: "key", value: [], headers: [KafkaHeader("h", "v")]
        )
        // Random bytes, so compression cannot shrink the record below the limit.
        fits.value = (0..<(limit - fits.wireSize)).map { _ in UInt8.random(in: 0...255) }
        #expect(fits.wireSize == limit)
        let report = try await producer.send(fits)

        var tooLarge = fits
        tooLarge.value += [UInt8](repeating: 1, count: 1_000)
        let error = await #expect(throws: KafkaError.self) { try await producer.send(tooLarge) }
        #expect(error?.code == .messageSizeTooLarge)
        #expect(error?.isMessageSpecific == true)
        try await producer.shutdown()

        let consumer = try TestBroker.consumer(group: nil)
        try await consumer.assign([TopicPartition(topic, 0)], offset: report.offset)
        let stored = try #require(try await consumer.messages.first { _ in true })
        #expect(stored.value == fits.value)
        try await consumer.close()
    }

    @Test("commit, close and reopen resumes at the committed offset", arguments: [
        KafkaConsumerConfiguration.RebalanceProtocol.eager, .cooperativeSticky,
    ])
    func resumeAtCommitted(_ rebalance: KafkaConsumerConfiguration.RebalanceProtocol) async throws {
        let topic = TestBroker.uniqueName("resume")
        let group = TestBroker.uniqueName("group-resume")
        try await TestBroker.createTopic(topic, partitions: 1)
        let producer = try TestBroker.producer()
        for index in 0..<10 { try await producer.send(TestBroker.message(topic, index)) }

        let first = try TestBroker.consumer(group: group, protocol: rebalance)
        try first.subscribe(topics: [topic])
        var seen: [KafkaMessage] = []
        for try await message in first.messages {
            seen.append(message)
            if seen.count == 4 { break }
        }
        try first.markProcessed(seen)
        try await first.commit()
        try await first.close()

        let admin = try TestBroker.admin()
        let committed = try await admin.committedOffsets(group: group, partitions: [TopicPartition(topic, 0)])
        #expect(committed[TopicPartition(topic, 0)] == 4)

        let second = try TestBroker.consumer(group: group, protocol: rebalance)
        try second.subscribe(topics: [topic])
        var rest: [Int64] = []
        for try await message in second.messages {
            rest.append(message.offset)
            if rest.count == 6 { break }
        }
        #expect(rest == Array(4..<10))
        try await second.close()
        try await producer.shutdown()
    }

    @Test("seek to a timestamp starts at the first message at or after it")
    func seekToTimestamp() async throws {
        let topic = TestBroker.uniqueName("seek-time")
        try await TestBroker.createTopic(topic, partitions: 1)
        let producer = try TestBroker.producer()
        for index in 0..<3 { try await producer.send(TestBroker.message(topic, index)) }
        try await Task.sleep(for: .milliseconds(50))
        let cut = Int64(Date().timeIntervalSince1970 * 1000)
        try await Task.sleep(for: .milliseconds(50))
        for index in 3..<6 { try await producer.send(TestBroker.message(topic, index)) }

        let partition = TopicPartition(topic, 0)
        let admin = try TestBroker.admin()
        #expect(try await admin.offsets(forTimestamp: cut, partitions: [partition])[partition] == 3)

        let consumer = try TestBroker.consumer(group: nil)
        try await consumer.assign([partition], offset: KafkaOffset.beginning)
        let firstBatch = try #require(try await consumer.batches.first { _ in true })
        #expect(firstBatch.first?.offset == 0)
        try await consumer.seek([partition], toTimestamp: cut)
        let afterSeek = try #require(try await consumer.messages.first { _ in true })
        #expect(afterSeek.offset == 3)
        #expect(afterSeek.headers[header: "index"] == "3")
        try await consumer.close()
        try await producer.shutdown()
    }

    @Test("pause stops delivery of a partition until resume")
    func pauseResume() async throws {
        let topic = TestBroker.uniqueName("pause")
        try await TestBroker.createTopic(topic, partitions: 2)
        let producer = try TestBroker.producer()
        try await producer.send((0..<10).map { TestBroker.message(topic, $0, partition: Int32($0 % 2)) })
        let consumer = try TestBroker.consumer(group: nil)
        let (paused, open) = (TopicPartition(topic, 0), TopicPartition(topic, 1))
        try await consumer.assign([paused, open], offset: KafkaOffset.beginning)
        try await consumer.pause([paused])
        var got: [KafkaMessage] = []
        let deadline = ContinuousClock.now + .seconds(3)
        while ContinuousClock.now < deadline { got += try await consumer.poll() }
        #expect(got.count == 5)
        #expect(got.allSatisfy { $0.topicPartition == open })
        try await consumer.resume([paused])
        var more: [KafkaMessage] = []
        let resumeDeadline = ContinuousClock.now + .seconds(10)
        while more.count < 5 && ContinuousClock.now < resumeDeadline { more += try await consumer.poll() }
        #expect(more.count == 5)
        #expect(more.allSatisfy { $0.topicPartition == paused })
        try await consumer.close()
        try await producer.shutdown()
    }

    @Test("create, describe, watermarks, committed offsets and groups")
    func admin() async throws {
        let topic = TestBroker.uniqueName("admin")
        let admin = try TestBroker.admin()
        let created = try await admin.createTopics([.init(name: topic, partitions: 6)])
        #expect(created[topic] == .created)
        let again = try await admin.createTopics([.init(name: topic, partitions: 6)])
        #expect(again[topic] == .alreadyExists)
        try await TestBroker.eventually("metadata for \(topic)") {
            try await admin.describeTopics([topic]).first?.partitions.count == 6
        }

        let producer = try TestBroker.producer()
        // One record per produce request: the local broker's ListOffsets high watermark is exact only then.
        for index in 0..<5 { try await producer.send(TestBroker.message(topic, index, partition: 2)) }
        let marks = try await admin.watermarks(TopicPartition(topic, 2))
        #expect(marks.low == 0)
        #expect(marks.high == 5)
        let description = try #require(try await admin.describeTopics([topic]).first)
        #expect(description.partitions.map(\.partition) == Array(0..<6))
        #expect(description.partitions[2].high == 5)
        #expect(description.partitions[0].high == 0)

        let group = TestBroker.uniqueName("group-admin")
        let consumer = try TestBroker.consumer(group: group)
        try consumer.subscribe(topics: [topic])
        var seen: [KafkaMessage] = []
        for try await message in consumer.messages {
            seen.append(message)
            if seen.count == 3 { break }
        }
        try consumer.markProcessed(seen)
        try await consumer.commit()
        let committed = try await admin.committedOffsets(
            group: group, partitions: [TopicPartition(topic, 2), TopicPartition(topic, 0)]
        )
        #expect(committed[TopicPartition(topic, 2)] == 3)
        #expect(committed[TopicPartition(topic, 0)] == KafkaOffset.invalid)
        let groups = try await admin.listGroups()
        #expect(groups.contains { $0.name == group })
        try await consumer.close()
        try await producer.shutdown()
    }
}
