import Foundation
import Kafka
import PensionDomain
import PensionOperations
import PensionSimulation
import PensionStore
import PensionWorkers
import Testing

/// `pension replay` on the real broker: plans change nothing, executions move exactly the planned offsets of the
/// given townships and are audited, a group in use is refused, and the stages reprocess a replay idempotently.
@Suite("Replay (offset reset)", .serialized, .timeLimit(.minutes(5)))
struct ReplayTests {
    /// A registration topic with `counts` messages per partition (one delivery, so multi-record batches), and the
    /// group committed at each partition's end.
    static func committedTopic(_ fixture: PipelineFixture, _ counts: [Int32: Int], group: String) async throws -> String {
        let topic = try #require(fixture.topics.topic(forEvent: RegistrationSubmitted.eventType)).name
        var messages: [KafkaProducerMessage] = []
        for (partition, count) in counts.sorted(by: { $0.key < $1.key }) {
            messages += (0..<count).map { TestBroker.message(topic, $0, partition: partition) }
        }
        let producer = try TestBroker.producer()
        try await producer.deliver(messages)
        try await producer.shutdown(timeout: .seconds(5))
        try await TestBroker.admin().alterCommittedOffsets(
            group: group,
            offsets: Dictionary(uniqueKeysWithValues: counts.map { (TopicPartition(topic, $0.key), Int64($0.value)) }))
        return topic
    }

    @Test("a dry run moves nothing; execute moves exactly the planned offsets of the given townships; audited")
    func planAndExecute() async throws {
        let fixture = try await PipelineFixture()
        defer { fixture.cleanUp() }
        let a = try #require(fixture.plan.partitions(of: "510623100"))
        let b = try #require(fixture.plan.partitions(of: "510623101"))
        let group = "pension-\(fixture.prefix)-replay"
        let counts: [Int32: Int] = [a[0]: 20, a[1]: 5, b[0]: 9]
        let topic = try await Self.committedTopic(fixture, counts, group: group)
        let admin = try TestBroker.admin()
        let store = try SQLiteStore.open(path: fixture.storePath("replay"))
        let resetter = OffsetResetter(admin: admin, store: store, topics: fixture.topics, plan: fixture.plan)
        let all = (0..<fixture.plan.partitionCount).map { TopicPartition(topic, $0) }
        let before = try await admin.committedOffsets(group: group, partitions: all)

        let plan = try await resetter.plan(group: group, topic: topic, target: .earliest, townships: ["510623100"])
        #expect(plan.rows.map(\.partition) == a)
        #expect(plan.rows.allSatisfy { $0.new == 0 })
        #expect(plan.reprocess == 25)
        #expect(plan.refusal == nil)
        #expect(try await admin.committedOffsets(group: group, partitions: all) == before, "planning changes nothing")

        let record = try await resetter.execute(plan, by: "tester")
        let after = try await admin.committedOffsets(group: group, partitions: all)
        for partition in all {
            let expected = a.contains(partition.partition) ? 0 : before[partition]
            #expect(after[partition] == expected, "partition \(partition.partition)")
        }
        let audit = try #require(try await store.offsetResets(group: group, limit: 5).first)
        #expect(audit.id == record.id)
        #expect(audit.executedBy == "tester")
        #expect(audit.spec == "--to-earliest")
        #expect(audit.townships == ["510623100"])
        #expect(audit.partitions.first { $0.partition == a[0] }.map { ($0.before, $0.after) }! == (20, 0))

        let shifted = try await resetter.plan(group: group, topic: topic, target: .shift(-3), townships: ["510623101"])
        #expect(shifted.rows.first { $0.partition == b[0] }?.new == 6)
        let clamped = try await resetter.plan(group: group, topic: topic, target: .offset(1_000), townships: ["510623101"])
        #expect(clamped.rows.first { $0.partition == b[0] }?.new == 9, "offsets are clamped to the log end")
        let latest = try await resetter.plan(group: group, topic: topic, target: .latest, townships: ["510623100"])
        #expect(latest.rows.map(\.new) == latest.rows.map(\.logEnd))
        #expect(latest.skip == 25)
    }

    @Test("--to-datetime and --by-duration find the first message at or after the time; a future time is the log end")
    func timeTargets() async throws {
        let fixture = try await PipelineFixture()
        defer { fixture.cleanUp() }
        let a = try #require(fixture.plan.partitions(of: "510623100"))
        let group = "pension-\(fixture.prefix)-time"
        let topic = try await Self.committedTopic(fixture, [a[0]: 6], group: group)
        try await Task.sleep(for: .milliseconds(1_500))
        let middle = Date()
        try await Task.sleep(for: .milliseconds(500))
        let producer = try TestBroker.producer()
        try await producer.deliver((0..<4).map { TestBroker.message(topic, 100 + $0, partition: a[0]) })
        try await producer.shutdown(timeout: .seconds(5))
        let store = try SQLiteStore.open(path: fixture.storePath("time"))
        let resetter = OffsetResetter(admin: try TestBroker.admin(), store: store, topics: fixture.topics, plan: fixture.plan)
        let byTime = try await resetter.plan(group: group, topic: topic, target: .datetime(middle), townships: ["510623100"])
        #expect(byTime.rows.first?.new == 6, "the first message of the second delivery")
        let future = try await resetter.plan(
            group: group, topic: topic, target: .datetime(Date().addingTimeInterval(3_600)), townships: ["510623100"])
        #expect(future.rows.first?.new == 10)
        let byDuration = try await resetter.plan(group: group, topic: topic, target: .duration(3_600), townships: ["510623100"])
        #expect(byDuration.rows.first?.new == 0)
    }

    @Test("execute is refused while the group has active members or live workers")
    func refusedWhileInUse() async throws {
        let fixture = try await PipelineFixture()
        defer { fixture.cleanUp() }
        let store = try SQLiteStore.open(path: fixture.storePath("in-use"))
        let population = PipelineTests.population(seed: 5, perTownship: 40)
        try await store.loadHouseholdRegister(population.storeRegister)
        let published = try await fixture.publish(population)
        let group = "pension-\(fixture.prefix)-busy"
        let topic = try #require(fixture.topics.topic(forEvent: RegistrationSubmitted.eventType)).name
        let resetter = OffsetResetter(admin: try TestBroker.admin(), store: store, topics: fixture.topics, plan: fixture.plan)
        let worker = try fixture.worker(try fixture.registrationHandler(store), group: group)
        try await fixture.run([worker]) {
            try await TestBroker.eventually(timeout: .seconds(60), "registrations applied") {
                try await store.processedCount(stage: StoreStage.registration) >= published
            }
            let plan = try await resetter.plan(group: group, topic: topic, target: .earliest, townships: [])
            #expect(plan.activeMembers == 1)
            #expect(plan.refusal != nil)
            await #expect(throws: ResetError.self) { try await resetter.execute(plan, by: "tester") }
        }

        let pinned = WorkerLease(
            group: group, holder: "pinned-test", mode: .pinned, partitions: [0], host: "h", pid: 1, startedAt: Date(),
            expiresAt: Date().addingTimeInterval(3_600))
        #expect(try await store.acquireLease(pinned).isEmpty)
        let plan = try await resetter.plan(group: group, topic: topic, target: .earliest, townships: [])
        #expect(plan.activeMembers == 0)
        #expect(plan.refusal?.contains("pinned") == true)
        await #expect(throws: ResetError.self) { try await resetter.execute(plan, by: "tester") }
        try await store.releaseLease(holder: "pinned-test")
        let free = try await resetter.plan(group: group, topic: topic, target: .earliest, townships: [])
        #expect(free.refusal == nil)
        _ = try await resetter.execute(free, by: "tester")
    }

    @Test("after a replay to the earliest offset the stages reprocess everything and change nothing")
    func replayIsIdempotent() async throws {
        let fixture = try await PipelineFixture()
        defer { fixture.cleanUp() }
        let store = try SQLiteStore.open(path: fixture.storePath("idempotent"))
        let population = PipelineTests.population(seed: 41, perTownship: 150)
        try await store.loadHouseholdRegister(population.storeRegister)
        let published = try await fixture.publish(population)
        let group = "pension-\(fixture.prefix)"
        try await fixture.runStages(store, group: group) {
            try await fixture.waitUntilProcessed(store, published: published)
        }
        let fingerprint = try await store.stateFingerprint()
        let summaries = try await store.townshipSummaries()
        let admin = try TestBroker.admin()
        let resetter = OffsetResetter(admin: admin, store: store, topics: fixture.topics, plan: fixture.plan)
        var reprocess: Int64 = 0
        for (stage, event) in [("registration", RegistrationSubmitted.eventType), ("id-verification", IDVerificationRequested.eventType)] {
            let topic = try #require(fixture.topics.topic(forEvent: event)).name
            let plan = try await resetter.plan(group: "\(group)-\(stage)", topic: topic, target: .earliest, townships: [])
            reprocess += plan.reprocess
            _ = try await resetter.execute(plan, by: "tester")
        }
        #expect(reprocess >= Int64(published))
        let sampler = LagSampler(admin: admin, store: store, topics: fixture.topics, plan: fixture.plan)
        #expect(try await sampler.sample(groups: ["\(group)-registration"]).totalLag >= Int64(published))
        try await fixture.runStages(store, group: group) {
            try await TestBroker.eventually(timeout: .seconds(90), "the replay drained") {
                try await sampler.sample(groups: ["\(group)-registration", "\(group)-id-verification"]).totalLag == 0
            }
        }
        #expect(try await store.stateFingerprint() == fingerprint)
        let replayed = try await store.townshipSummaries()
        #expect(replayed.withoutRedeliveries == summaries.withoutRedeliveries)
        #expect(replayed.map(\.duplicatesIgnored).reduce(0, +) > summaries.map(\.duplicatesIgnored).reduce(0, +),
                "the replayed events were recognised as applied before")
    }
}

/// Two tuples of optional offsets compare equal.
private func == (lhs: (Int64?, Int64), rhs: (Int64, Int64)) -> Bool { lhs.0 == rhs.0 && lhs.1 == rhs.1 }
