import Foundation
import Kafka
import PensionDomain
import PensionOperations
import PensionSimulation
import PensionStore
import PensionWorkers
import Synchronization
import Testing

/// Pinned (`--township`) and elastic workers of one stage never read the same partitions at the same time: one group
/// runs in one mode at a time, enforced by leases in the store and, for a pinned worker, by the broker's member count.
@Suite("Per-township scaling", .serialized, .timeLimit(.minutes(4)))
struct ScalingTests {
    func lease(_ store: any OperationsStore, _ group: String, _ mode: WorkerLease.Mode, _ partitions: [Int32] = [])
        throws -> WorkerLeaseGuard
    {
        WorkerLeaseGuard(
            store: store, admin: try TestBroker.admin(), group: group, mode: mode, partitions: partitions,
            logger: TestBroker.logger)
    }

    @Test("a pinned worker is refused while the elastic one runs and the other way round; pinned work starts after the elastic worker stopped")
    func oneModeAtATime() async throws {
        let fixture = try await PipelineFixture()
        defer { fixture.cleanUp() }
        let store = try SQLiteStore.open(path: fixture.storePath("scaling"))
        let first = PipelineTests.population(seed: 61, perTownship: 100)
        try await store.loadHouseholdRegister(first.storeRegister)
        let group = "pension-\(fixture.prefix)-registration"
        let township = "510623100"
        let owned = try #require(fixture.plan.partitions(of: township))
        let published = try await fixture.publish(first)

        let elastic = LeasedService(try fixture.worker(try fixture.registrationHandler(store), group: group),
                                    lease: try lease(store, group, .elastic))
        try await fixture.run([elastic]) {
            try await TestBroker.eventually(timeout: .seconds(60), "the elastic worker applied the registrations") {
                try await store.processedCount(stage: StoreStage.registration) >= published
            }
            let pinned = LeasedService(
                try fixture.worker(try fixture.registrationHandler(store), group: group, scope: .partitions(owned)),
                lease: try lease(store, group, .pinned, owned))
            await #expect(throws: WorkerLeaseRefused.self) { try await pinned.run() }
        }
        let elasticStopped = ContinuousClock.now

        var more = GeneratorSettings(townshipCodes: [township])
        more.seed = 62
        more.residentsPerTownship = 80
        let second = PopulationGenerator().generate(more)
        try await store.loadHouseholdRegister(second.storeRegister)
        let sent = try await fixture.publish(second)
        let firstPinnedCommit = Mutex<ContinuousClock.Instant?>(nil)
        let pinned = LeasedService(
            try fixture.worker(try fixture.registrationHandler(store), group: group, scope: .partitions(owned)) { _ in
                firstPinnedCommit.withLock { $0 = $0 ?? ContinuousClock.now }
            },
            lease: try lease(store, group, .pinned, owned))
        let sampler = LagSampler(admin: try TestBroker.admin(), store: store, topics: fixture.topics, plan: fixture.plan)
        try await fixture.run([pinned]) {
            try await TestBroker.eventually(timeout: .seconds(60), "the pinned worker applied the new registrations") {
                try await store.processedCount(stage: StoreStage.registration) >= published + sent
            }
            let snapshot = try await sampler.sample(groups: [group], townships: [township])
            #expect(snapshot.groups.first?.mode == .pinned)
            #expect(snapshot.groups.first?.pinnedTownships == [township])
            let elasticAgain = LeasedService(try fixture.worker(try fixture.registrationHandler(store), group: group),
                                             lease: try lease(store, group, .elastic))
            await #expect(throws: WorkerLeaseRefused.self) { try await elasticAgain.run() }
        }
        let started = try #require(firstPinnedCommit.withLock { $0 })
        #expect(started > elasticStopped, "the pinned worker committed only after the elastic worker had stopped")
        #expect(try await sampler.sample(groups: [group], townships: [township]).totalLag == 0,
                "the pinned worker's commits under the group id were accepted (the group had no members)")
        #expect(try await store.liveLeases(group: group, now: Date()).isEmpty, "both workers dropped their leases")
    }

    @Test("an elastic and a pinned worker starting at the same moment: exactly one gets the group, twenty times over")
    func simultaneousStarts() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("leases-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("store.sqlite").path
        let one = try SQLiteStore.open(path: path)
        let two = try SQLiteStore.open(path: path)
        for round in 0..<20 {
            let now = Date()
            let elastic = WorkerLease(group: "g", holder: "e\(round)", mode: .elastic, partitions: [], host: "a", pid: 1,
                                      startedAt: now, expiresAt: now.addingTimeInterval(3_600))
            let pinned = WorkerLease(group: "g", holder: "p\(round)", mode: .pinned, partitions: [3], host: "b", pid: 2,
                                     startedAt: now, expiresAt: now.addingTimeInterval(3_600))
            async let first = one.acquireLease(elastic)
            async let second = two.acquireLease(pinned)
            let granted = [try await first, try await second].filter(\.isEmpty).count
            #expect(granted == 1, "round \(round)")
            try await one.releaseLease(holder: elastic.holder)
            try await one.releaseLease(holder: pinned.holder)
        }
    }
}
