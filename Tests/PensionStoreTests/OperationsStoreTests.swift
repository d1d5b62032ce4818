import Foundation
import PensionStore
import PensionTestSupport
import Testing

@Suite struct OperationsStoreTests {

    func lease(_ holder: String, _ mode: WorkerLease.Mode, _ partitions: [Int32] = [], expires: TimeInterval = 3_600) -> WorkerLease {
        WorkerLease(group: "g", holder: holder, mode: mode, partitions: partitions, host: "h", pid: 7,
                    startedAt: Date(), expiresAt: Date().addingTimeInterval(expires))
    }

    @Test(arguments: StoreBackend.allCases) func modesExcludeEachOther(_ backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()
        #expect(try await store.acquireLease(lease("e1", .elastic)).isEmpty)
        #expect(try await store.acquireLease(lease("e2", .elastic)).isEmpty, "elastic workers share a group")
        let refused = try await store.acquireLease(lease("p1", .pinned, [1, 2]))
        #expect(Set(refused.map(\.holder)) == ["e1", "e2"])
        try await store.releaseLease(holder: "e1")
        try await store.releaseLease(holder: "e2")
        #expect(try await store.acquireLease(lease("p1", .pinned, [1, 2])).isEmpty)
        #expect(try await store.acquireLease(lease("p2", .pinned, [3])).isEmpty, "disjoint townships pin side by side")
        #expect(try await store.acquireLease(lease("p3", .pinned, [2, 5])).map(\.holder) == ["p1"], "overlap refused")
        #expect(try await store.acquireLease(lease("e3", .elastic)).count == 2)
        let live = try await store.liveLeases(group: "g", now: Date())
        #expect(live.first { $0.holder == "p1" }?.partitions == [1, 2])
    }

    @Test(arguments: StoreBackend.allCases) func expiredLeasesDoNotCountAndCannotBeRenewed(_ backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()
        #expect(try await store.acquireLease(lease("p1", .pinned, [1], expires: -1)).isEmpty)
        #expect(try await store.liveLeases(group: "g", now: Date()).isEmpty)
        #expect(try await store.renewLease(holder: "p1", now: Date(), expiresAt: Date().addingTimeInterval(30)) == false)
        #expect(try await store.acquireLease(lease("e1", .elastic)).isEmpty, "an expired pinned lease is no obstacle")
        #expect(try await store.renewLease(holder: "e1", now: Date(), expiresAt: Date().addingTimeInterval(60)))
    }

    @Test(arguments: StoreBackend.allCases) func lagSamplesArePrunedAndReadInOrder(_ backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()
        let now = Date()
        let samples = (0..<5).map {
            LagSampleRecord(group: "g", topic: "t", partition: 1, sampledAt: now.addingTimeInterval(Double($0) * 60),
                            position: Int64($0), logEnd: 10, owned: true)
        }
        try await store.recordLagSamples(samples.reversed(), keepAfter: now.addingTimeInterval(90))
        #expect(try await store.lagSamples(group: "g").map(\.position) == [2, 3, 4])
    }

    @Test(arguments: StoreBackend.allCases) func offsetResetsAreAudited(_ backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()
        let record = OffsetResetRecord(
            executedAt: Date(timeIntervalSince1970: 1_322_000_000), executedBy: "ops", host: "h", group: "g", topic: "t",
            spec: "--to-earliest", townships: ["510623100"],
            partitions: [.init(partition: 0, township: "510623100", before: 9, after: 0), .init(partition: 1, township: nil, before: nil, after: 0)])
        let id = try await store.recordOffsetReset(record)
        let read = try #require(try await store.offsetResets(group: "g", limit: 10).first)
        var expected = record
        expected.id = id
        #expect(read == expected)
        #expect(try await store.offsetResets(group: "other", limit: 10).isEmpty)
    }

    @Test(arguments: 0..<10)
    func concurrentAcquirersOfOppositeModesOnPostgres(_ round: Int) async throws {
        // Two processes: two stores, each with its own pool, on one schema.
        let fixture = try StoreFixture(.postgres)
        let first = try await fixture.store()
        let second = try await fixture.store()
        async let elastic = first.acquireLease(lease("e\(round)", .elastic))
        async let pinned = second.acquireLease(lease("p\(round)", .pinned, [1]))
        let (elasticConflicts, pinnedConflicts) = try await (elastic, pinned)
        #expect(elasticConflicts.isEmpty != pinnedConflicts.isEmpty, "exactly one wins")
        let live = try await first.liveLeases(group: "g", now: Date())
        #expect(live.count == 1)
        #expect(Set(live.map(\.mode)).count == 1)
        try await first.close()
        try await second.close()
    }
}
