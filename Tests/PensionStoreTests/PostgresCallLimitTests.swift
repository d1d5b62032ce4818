import Foundation
import Logging
import PensionDomain
import PensionPostgres
import PensionTestSupport
import PostgresNIO
import ServiceLifecycle
import Synchronization
import Testing

/// A store call that never ends must not hold its worker: after a server restart under load, calls on connections
/// the server had closed were seen never to return (a full test run on two cores), and the worker waited for good.
@Suite("PostgreSQL calls that do not end")
struct PostgresCallLimitTests {
    @Test("a call whose connection closed under it fails as an outage without waiting for it; the store goes on")
    func closedConnectionUnderAStuckCall() async throws {
        let store = try await Self.store()
        let ended = Flag()
        let error = await #expect(throws: PostgresStoreError.self) {
            try await store.bounded("a call that does not end") { client, connected in
                try await client.withConnection { connection in
                    connected(connection)
                    try await connection.close()
                    await Self.ignoringCancellation(for: .seconds(60))
                    ended.set()
                }
            }
        }
        #expect(error?.failureKind == .infrastructure, "an outage: the worker retries")
        #expect(!ended.isSet, "the call waited for the stuck body")
        #expect(try await store.rows(sql: "SELECT 1") == [["1"]], "the replaced pool serves the next call")
        await store.close()
    }

    @Test("a cancelled call and closing the store return without waiting for a body that ignores cancellation")
    func cancelledCallDoesNotWait() async throws {
        let store = try await Self.store()
        let started = Flag()
        let ended = Flag()
        let call = Task {
            try await store.bounded("a call that ignores cancellation") { client, connected in
                try await client.withConnection { connection in
                    connected(connection)
                    started.set()
                    await Self.ignoringCancellation(for: .seconds(60))
                    ended.set()
                }
            }
        }
        while !started.isSet { try await Task.sleep(for: .milliseconds(20)) }
        call.cancel()
        await #expect(throws: (any Error).self) { try await call.value }
        #expect(!ended.isSet, "the cancelled call waited for the stuck body")
        await store.close()
        #expect(!ended.isSet, "closing the store waited for the stuck body")
    }

    @Test("a pool replaced during a worker's call outlives the worker's graceful shutdown")
    func replacedPoolOutlivesTheServiceGroup() async throws {
        let store = try await Self.store()
        let service = StuckCallService(store: store)
        let group = ServiceGroup(configuration: .init(services: [.init(service: service)], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            while !service.failed.isSet { try await Task.sleep(for: .milliseconds(50)) }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        // postgres-nio's pool ends on the graceful shutdown of the task that runs it, which a task inherits.
        #expect(try await store.rows(sql: "SELECT 1") == [["1"]], "the replaced pool was shut down with the worker")
        await store.close()
    }

    /// A worker whose one store call does not end after its connection closed; the store replaces its pool then.
    struct StuckCallService: Service {
        let store: PostgresStore
        let failed = Flag()

        func run() async throws {
            _ = try? await store.bounded("a call that does not end") { client, connected in
                try await client.withConnection { connection in
                    connected(connection)
                    try await connection.close()
                    await PostgresCallLimitTests.ignoringCancellation(for: .seconds(60))
                }
            }
            failed.set()
            try await gracefulShutdown()
        }
    }

    final class Flag: Sendable {
        private let value = Mutex(false)
        func set() { value.withLock { $0 = true } }
        var isSet: Bool { value.withLock { $0 } }
    }

    static func store() async throws -> PostgresStore {
        let schema = "call_limit_" + UUID().uuidString.prefix(8).lowercased()
        return try await PostgresStore.open(url: try TestStores.postgresURL(schema: schema), logger: Logger(label: "test"))
    }

    /// Sleeps on a dispatch timer, which task cancellation does not end (as a query postgres-nio never answers).
    static func ignoringCancellation(for duration: Duration) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(Int(duration.components.seconds))) {
                continuation.resume()
            }
        }
    }
}
