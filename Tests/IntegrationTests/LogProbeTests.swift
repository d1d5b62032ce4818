import Foundation
import Kafka
import Testing

/// The Kafka calls the operations commands stand on, against the real broker: the log end from a fetch (exact
/// where the local broker's ListOffsets is not), altering a group's offsets from outside, and reading a group's
/// members with their subscriptions and assignments.
@Suite("Log probe and group offsets", .serialized, .timeLimit(.minutes(3)))
struct LogProbeTests {
    @Test("the log end from a fetch counts every record of a multi-record batch")
    func logEndAfterMultiRecordBatch() async throws {
        let topic = TestBroker.uniqueName("probe")
        try await TestBroker.createTopic(topic, partitions: 3)
        let producer = try TestBroker.producer()
        try await producer.deliver((0..<10).map { TestBroker.message(topic, $0, partition: 0) } + [TestBroker.message(topic, 10, partition: 1)])
        try await producer.shutdown(timeout: .seconds(5))
        let admin = try TestBroker.admin()
        let p0 = TopicPartition(topic, 0)
        let p1 = TopicPartition(topic, 1)
        let p2 = TopicPartition(topic, 2)
        let positions = try await admin.logPositions([p0: 0, p1: 1, p2: 0])
        #expect(positions[p0]?.logEnd == 10)
        #expect(positions[p0]?.firstOffset == 0)
        #expect(positions[p0]?.fromFetch == true)
        #expect(positions[p1]?.logEnd == 1)
        #expect(positions[p1]?.firstOffset == nil)
        #expect(positions[p2]?.logEnd == 0)
        let middle = try await admin.logPositions([p0: 4])
        #expect(middle[p0]?.firstOffset == 4)
        #expect(middle[p0]?.logEnd == 10)
        let timestamp = try #require(middle[p0]?.firstTimestampMilliseconds)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        #expect(abs(now - timestamp) < 60_000)
    }

    @Test("a group's offsets are altered from outside and read back; the empty group is listed")
    func alterOffsets() async throws {
        let topic = TestBroker.uniqueName("alter")
        try await TestBroker.createTopic(topic, partitions: 2)
        let group = TestBroker.uniqueName("alter-group")
        let admin = try TestBroker.admin()
        try await admin.alterCommittedOffsets(group: group, offsets: [TopicPartition(topic, 0): 4, TopicPartition(topic, 1): 0])
        let committed = try await admin.committedOffsets(group: group, partitions: [TopicPartition(topic, 0), TopicPartition(topic, 1)])
        #expect(committed[TopicPartition(topic, 0)] == 4)
        #expect(committed[TopicPartition(topic, 1)] == 0)
        let listed = try #require(try await admin.listGroups().first { $0.name == group })
        #expect(listed.members == 0)
    }

    /// The local broker lists a group only once it has committed offsets, and describes its members without their
    /// subscription and assignment (Apache Kafka returns both); the member count is right on both.
    @Test("an active group that committed is listed with its member count")
    func members() async throws {
        let topic = TestBroker.uniqueName("members")
        try await TestBroker.createTopic(topic, partitions: 2)
        let group = TestBroker.uniqueName("members-group")
        let producer = try TestBroker.producer()
        try await producer.deliver([TestBroker.message(topic, 0, partition: 0)])
        try await producer.shutdown(timeout: .seconds(5))
        let consumer = try TestBroker.consumer(group: group)
        try consumer.subscribe(topics: [topic])
        var read: [KafkaMessage] = []
        while read.isEmpty { read = try await consumer.poll() }
        try consumer.markProcessed(read)
        try await consumer.commit()
        let admin = try TestBroker.admin()
        let listed = try #require(try await admin.listGroups(group).first { $0.name == group })
        #expect(listed.members == 1)
        #expect(listed.state == "Stable")
        try await consumer.close()
        try await TestBroker.eventually("the group is empty after its member left") {
            try await admin.listGroups(group).first { $0.name == group }?.members == 0
        }
    }
}
