import Foundation
import Logging
import PensionOperations
import PensionStore
import PensionTestSupport
import ServiceLifecycle
import Testing

/// A new store on `backend`, and the directory of a SQLite store's file (`nil` on PostgreSQL), which the caller
/// removes.
func temporaryStore(_ backend: StoreBackend, label: String = "leases") async throws -> (any DriveStore, URL?) {
    let location = try TestStores.location(backend, label: label)
    var directory: URL?
    if case .sqlite(let path) = location { directory = URL(fileURLWithPath: path).deletingLastPathComponent() }
    return (try await TestStores.open(location), directory)
}

/// Removes a SQLite store's directory.
func remove(_ directory: URL?) {
    if let directory { try? FileManager.default.removeItem(at: directory) }
}

/// A service that runs until cancelled.
struct Idle: Service {
    func run() async throws {
        while true { try await Task.sleep(for: .milliseconds(20)) }
    }
}

@Suite struct WorkerLeaseGuardTests {
    @Test("a worker whose lease was taken away stops itself", arguments: StoreBackend.allCases)
    func lostLeaseStopsTheWorker(_ backend: StoreBackend) async throws {
        let (store, directory) = try await temporaryStore(backend)
        defer { remove(directory) }
        var settings = WorkerLeaseGuard.Settings()
        settings.lease = .seconds(5)
        settings.renewEvery = .milliseconds(100)
        let guardian = WorkerLeaseGuard(
            store: store, admin: nil, group: "g", mode: .elastic, partitions: [], settings: settings,
            logger: Logger(label: "test"))
        let service = LeasedService(Idle(), lease: guardian)
        let running = Task { try await service.run() }
        var live: [WorkerLease] = []
        for _ in 0..<100 where live.isEmpty {
            try await Task.sleep(for: .milliseconds(20))
            live = try await store.liveLeases(group: "g", now: Date())
        }
        #expect(live.count == 1)
        try await store.releaseLease(holder: try #require(live.first).holder)
        await #expect(throws: WorkerLeaseLost.self) { try await running.value }
    }

    @Test("a worker that ends drops its lease", arguments: StoreBackend.allCases)
    func leaseDroppedAtTheEnd(_ backend: StoreBackend) async throws {
        let (store, directory) = try await temporaryStore(backend)
        defer { remove(directory) }
        struct Brief: Service { func run() async throws { try await Task.sleep(for: .milliseconds(200)) } }
        let guardian = WorkerLeaseGuard(store: store, admin: nil, group: "g", mode: .pinned, partitions: [4],
                                        logger: Logger(label: "test"))
        try await LeasedService(Brief(), lease: guardian).run()
        #expect(try await store.liveLeases(group: "g", now: Date()).isEmpty)
    }
}

@Suite struct WorkerLeaseRefusedTests {
    @Test("the refusal names the mode, the townships and the process in plain words", arguments: StoreBackend.allCases)
    func description(_ backend: StoreBackend) async throws {
        let (store, directory) = try await temporaryStore(backend)
        defer { remove(directory) }
        let pinned = WorkerLeaseGuard(store: store, admin: nil, group: "pension-registration", mode: .pinned, partitions: [4],
                                      describe: { "510623101 南华镇 (\($0))" }, logger: Logger(label: "test"))
        try await pinned.acquire()
        let elastic = WorkerLeaseGuard(store: store, admin: nil, group: "pension-registration", mode: .elastic, partitions: [],
                                       describe: { "510623101 南华镇 (\($0))" }, logger: Logger(label: "test"))
        let error = await #expect(throws: WorkerLeaseRefused.self) { try await elastic.acquire() }
        let text = try #require(error).description
        #expect(text.hasPrefix("consumer group pension-registration runs in pinned mode"))
        #expect(text.contains("pinned to 510623101 南华镇 (4) (pid \(ProcessInfo.processInfo.processIdentifier)"))
        #expect(!text.contains("SQL"))
        await pinned.release()
        try await elastic.acquire()
    }
}

@Suite struct StaleLeaseTests {
    @Test(
        "a lease left by a process of this host that is gone does not keep its successor out",
        arguments: StoreBackend.allCases)
    func deadProcessOnThisHost(_ backend: StoreBackend) async throws {
        let (store, directory) = try await temporaryStore(backend)
        defer { remove(directory) }
        let host = ProcessInfo.processInfo.hostName
        let gone = WorkerLease(group: "g", holder: "crashed", mode: .pinned, partitions: [4], host: host, pid: Int32.max - 1,
                               startedAt: Date(), expiresAt: Date().addingTimeInterval(3_600))
        let elsewhere = WorkerLease(group: "g", holder: "other-host", mode: .pinned, partitions: [5], host: "another-host",
                                    pid: Int32.max - 1, startedAt: Date(), expiresAt: Date().addingTimeInterval(3_600))
        #expect(try await store.acquireLease(gone).isEmpty)
        #expect(try await store.acquireLease(elsewhere).isEmpty)
        let restarted = WorkerLeaseGuard(store: store, admin: nil, group: "g", mode: .pinned, partitions: [4],
                                         logger: Logger(label: "test"))
        try await restarted.acquire()
        let blocked = WorkerLeaseGuard(store: store, admin: nil, group: "g", mode: .pinned, partitions: [5],
                                       logger: Logger(label: "test"))
        await #expect(throws: WorkerLeaseRefused.self, "a lease of another host is not judged from here") {
            try await blocked.acquire()
        }
    }
}
