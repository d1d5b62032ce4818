import Foundation
import Kafka
import PensionDomain
import PensionOperations
import PensionSimulation
import PensionStore
import Testing

/// `pension lag`'s figures against the real broker: they equal the number of unprocessed messages, also after
/// multi-record batches (where the local broker's ListOffsets under-reports the log end).
@Suite("Consumer lag", .serialized, .timeLimit(.minutes(4)))
struct LagTests {
    @Test("lag per partition and township equals log end minus committed, after multi-record batches")
    func handComputedLag() async throws {
        let fixture = try await PipelineFixture()
        defer { fixture.cleanUp() }
        let topic = try #require(fixture.topics.topic(forEvent: RegistrationSubmitted.eventType)).name
        let a = try #require(fixture.plan.partitions(of: "510623100"))
        let b = try #require(fixture.plan.partitions(of: "510623101"))
        // One delivery each: the producer batches them, several records per batch.
        let counts: [Int32: Int] = [a[0]: 25, a[1]: 7, b[0]: 12]
        let producer = try TestBroker.producer()
        var index = 0
        var messages: [KafkaProducerMessage] = []
        for (partition, count) in counts.sorted(by: { $0.key < $1.key }) {
            for _ in 0..<count {
                messages.append(TestBroker.message(topic, index, partition: partition))
                index += 1
            }
        }
        try await producer.deliver(messages)
        try await producer.shutdown(timeout: .seconds(5))

        let group = "pension-\(fixture.prefix)-lag"
        let admin = try TestBroker.admin()
        try await admin.alterCommittedOffsets(group: group, offsets: [
            TopicPartition(topic, a[0]): 10, TopicPartition(topic, b[0]): 12,
        ])
        let store = try SQLiteStore.open(path: fixture.storePath("lag"))
        let sampler = LagSampler(admin: admin, store: store, topics: fixture.topics, plan: fixture.plan)
        let snapshot = try await sampler.sample(groups: [group])
        let lag = try #require(snapshot.groups.first)
        #expect(lag.topics == [topic])
        func partition(_ number: Int32) -> PartitionLag? { lag.partitions.first { $0.partition == number } }
        #expect(partition(a[0])?.logEnd == 25)
        #expect(partition(a[0])?.lag == 15)
        #expect(partition(a[1])?.committed == nil)
        #expect(partition(a[1])?.lag == 7, "a partition without a commit counts from the log start")
        #expect(partition(b[0])?.lag == 0)
        #expect(lag.lag == 22)
        let byTownship = Dictionary(uniqueKeysWithValues: snapshot.byTownship.map { ($0.township, $0.lag) })
        #expect(byTownship["510623100"] == 22)
        #expect(byTownship["510623101"] == 0)
        #expect(partition(a[0])?.timeLagSeconds ?? -1 >= 0)
        #expect(partition(b[0])?.timeLagSeconds == nil)
        // Nobody holds the lagging partitions: STOP under Burrow's rules; the drained one is OK.
        #expect(partition(a[0])?.status == .stop)
        #expect(partition(b[0])?.status == .ok)
        #expect(lag.status == .error)

        let listOffsets = try await admin.watermarks(TopicPartition(topic, a[0])).high
        #expect(listOffsets <= 25, "ListOffsets reported \(listOffsets); the fetch's log end is what counts")

        let onlyB = try await sampler.sample(groups: [group], townships: ["510623101"])
        #expect(Set(onlyB.groups.first?.partitions.map(\.partition) ?? []) == Set(b))
        #expect(onlyB.totalLag == 0)
    }

    @Test("after the stages drained a population, lag is 0; K more registrations show as lag K in their township")
    func lagEqualsUnprocessedMessages() async throws {
        let fixture = try await PipelineFixture()
        defer { fixture.cleanUp() }
        let store = try SQLiteStore.open(path: fixture.storePath("drain"))
        var settings = GeneratorSettings(townshipCodes: ["510623100", "510623102"])
        settings.residentsPerTownship = 300
        settings.seed = 77
        let population = PopulationGenerator().generate(settings)
        try await store.loadHouseholdRegister(population.storeRegister)
        let group = "pension-\(fixture.prefix)"
        let published = try await fixture.publish(population)
        try await fixture.runStages(store, group: group) {
            try await fixture.waitUntilProcessed(store, published: published)
        }
        let sampler = LagSampler(admin: try TestBroker.admin(), store: store, topics: fixture.topics, plan: fixture.plan)
        let drained = try await sampler.sample(groups: ["\(group)-registration", "\(group)-id-verification"])
        #expect(drained.groups.count == 2)
        #expect(drained.totalLag == 0)
        #expect(drained.groups.allSatisfy { $0.status == .ok })

        var more = settings
        more.seed = 78
        more.townshipCodes = ["510623102"]
        more.residentsPerTownship = 40
        let extra = PopulationGenerator().generate(more)
        let sent = try await fixture.publish(extra)
        let after = try await sampler.sample(groups: ["\(group)-registration"])
        #expect(after.totalLag == Int64(sent))
        let byTownship = Dictionary(uniqueKeysWithValues: after.byTownship.map { ($0.township, $0.lag) })
        #expect(byTownship["510623102"] == Int64(sent))
        #expect(byTownship["510623100"] == 0)
    }
}
