import Foundation
import Kafka
import PensionSimulation
import PensionStore
import Testing

/// Worker processes killed, joined and left mid-stream end with the same store as an uninterrupted run.
@Suite("Worker processes under failure", .serialized, .timeLimit(.minutes(6)))
struct WorkerProcessTests {
    /// The store an uninterrupted in-process run makes of the same topics (its own consumer groups).
    func reference(_ fixture: PipelineFixture, _ population: GeneratedPopulation, published: Int) async throws -> SQLiteStore {
        let store = try SQLiteStore.open(path: fixture.storePath("reference"))
        try await store.loadHouseholdRegister(population.storeRegister)
        try await fixture.runStages(store, group: "\(fixture.prefix)-reference") {
            try await fixture.waitUntilProcessed(store, published: published)
        }
        return store
    }

    /// Same enrollees, decisions and applied events; same per-township counts except redeliveries, which a crash
    /// or a rebalance legitimately adds (the store ignores them, and counts them under duplicates ignored).
    func expectSameState(_ store: SQLiteStore, _ reference: SQLiteStore) async throws {
        func comparable(_ summaries: [TownshipSummary]) -> [TownshipSummary] {
            summaries.map { var s = $0; s.duplicatesIgnored = 0; return s }
        }
        let (summaries, expected) = (try await store.townshipSummaries(), try await reference.townshipSummaries())
        #expect(comparable(summaries) == comparable(expected))
        let redeliveries = zip(summaries, expected).map { $0.duplicatesIgnored - $1.duplicatesIgnored }.reduce(0, +)
        #expect(redeliveries >= 0)
        print("redelivered and ignored: \(redeliveries)")
        let (fingerprint, expectedFingerprint) = (try await store.stateFingerprint(), try await reference.stateFingerprint())
        #expect(fingerprint == expectedFingerprint)
    }

    @Test("SIGKILL in the middle of a stream, then restart: nothing lost, nothing applied twice")
    func crash() async throws {
        let fixture = try await PipelineFixture()
        defer { fixture.cleanUp() }
        let population = PipelineTests.population(seed: 11, perTownship: 2_000)
        let published = try await fixture.publish(population)
        let path = fixture.storePath("crash")
        let store = try SQLiteStore.open(path: path)
        try await store.loadHouseholdRegister(population.storeRegister)

        let verifier = try WorkerProcess("id-verification", fixture: fixture, store: path, name: "verifier", batch: 200)
        let first = try WorkerProcess("registration", fixture: fixture, store: path, name: "registration-1", batch: 10)
        try await TestBroker.eventually(timeout: .seconds(60), "the first worker to make progress") {
            try await store.processedCount(stage: "registration") >= 300
        }
        #expect(first.output.contains("pension.batch.max=10 "), "the batch size setting reached the worker")
        first.signal(SIGKILL)
        _ = try await first.waitForExit()
        let atKill = try await store.processedCount(stage: "registration")
        let input = try #require(fixture.topics.topic(forEvent: "registration.submitted")).name
        let committed = try await TestBroker.admin().committedOffsets(
            group: WorkerProcess.group("registration", fixture), partitions: (0..<fixture.plan.partitionCount).map { TopicPartition(input, $0) }
        )
        // Offsets are committed only after the store transaction: never more committed than applied.
        #expect(committed.values.filter { $0 > 0 }.reduce(0, +) <= atKill)
        #expect(atKill < published, "the worker finished before it was killed; the test proved nothing")

        let second = try WorkerProcess("registration", fixture: fixture, store: path, name: "registration-2", batch: 200)
        try await fixture.waitUntilProcessed(store, published: published)
        second.signal(SIGTERM)
        verifier.signal(SIGTERM)
        #expect(try await second.waitForExit() == 0, "\(second.output.suffix(2_000))")
        #expect(try await verifier.waitForExit() == 0, "\(verifier.output.suffix(2_000))")

        try await expectSameState(store, try await reference(fixture, population, published: published))
    }

    @Test("a second worker process joins mid-stream and later leaves: same final store")
    func joinAndLeave() async throws {
        let fixture = try await PipelineFixture()
        defer { fixture.cleanUp() }
        let population = PipelineTests.population(seed: 13, perTownship: 900)
        let thirds = stride(from: 0, to: population.records.count, by: population.records.count / 3 + 1).map {
            GeneratedPopulation(slicing: population, $0..<min($0 + population.records.count / 3 + 1, population.records.count))
        }
        let path = fixture.storePath("rebalance")
        let store = try SQLiteStore.open(path: path)
        try await store.loadHouseholdRegister(population.storeRegister)

        let verifier = try WorkerProcess("id-verification", fixture: fixture, store: path, name: "verifier", batch: 200)
        let a = try WorkerProcess("registration", fixture: fixture, store: path, name: "a", batch: 50)
        var published = try await fixture.publish(thirds[0])
        try await fixture.waitUntilProcessed(store, published: published)

        let b = try WorkerProcess("registration", fixture: fixture, store: path, name: "b", batch: 50)
        try await TestBroker.eventually("b to be assigned partitions") { b.output.contains("partitions assigned") }
        #expect(b.output.contains("pension.batch.max=50 "), "the batch size setting reached the worker")
        published += try await fixture.publish(thirds[1])
        try await fixture.waitUntilProcessed(store, published: published)

        b.signal(SIGTERM)
        #expect(try await b.waitForExit() == 0, "\(b.output.suffix(2_000))")
        #expect(b.output.contains("partitions revoked"))
        published += try await fixture.publish(thirds[2])
        try await fixture.waitUntilProcessed(store, published: published)
        a.signal(SIGTERM)
        verifier.signal(SIGTERM)
        #expect(try await a.waitForExit() == 0)
        #expect(try await verifier.waitForExit() == 0)

        try await expectSameState(store, try await reference(fixture, population, published: published))
    }
}

extension GeneratedPopulation {
    /// The same population with only some of its records (for publishing in parts).
    init(slicing whole: GeneratedPopulation, _ range: Range<Int>) {
        self = whole
        records = Array(whole.records[range])
    }
}
