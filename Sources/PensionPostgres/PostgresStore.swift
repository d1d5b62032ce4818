import Foundation
import Logging
import PensionDomain
import PensionStore
import PostgresNIO
import Synchronization
import _ConnectionPoolModule

/// The drive's store on PostgreSQL (postgres-nio): the same protocols, keys and transactions as ``SQLiteStore``, for
/// workers of one stage on several hosts.
///
/// Connections come from a pool (`pool` in the URL, default 8). Each `apply` call is one transaction on one
/// connection: the event gate (`event_gate`, unique per stage and event ID, with the outbox), the stage's effect and
/// the dead letters; `synchronous_commit = on` for every session, so a returned call has reached the server's WAL on
/// disk before the worker commits its Kafka offsets. Migrations run once, under an advisory lock. Errors are
/// ``PostgresStoreError``s, which name the SQLSTATE, table and constraint but never the values, so resident IDs and
/// names do not leak into logs.
public final class PostgresStore: DriveStore {
    let logger: Logger
    let location: PostgresLocation
    /// The pool and the task that runs it; replaced when it stops handing out connections (see ``bounded(_:_:)``).
    private let pool: Mutex<Pool>
    private let background: Logger

    private struct Pool {
        let client: PostgresClient
        let runner: Task<Void, Never>
        var closed = false

        init(_ location: PostgresLocation, logger: Logger) {
            let client = PostgresClient(configuration: location.configuration, backgroundLogger: logger)
            self.client = client
            // Detached: a task inherits task-locals, among them a service group's graceful shutdown, and a pool
            // replaced from inside a worker's call would then shut down with that worker instead of with the store.
            runner = Task.detached { await client.run() }
        }
    }

    private init(location: PostgresLocation, logger: Logger, background: Logger) {
        self.location = location
        self.logger = logger
        self.background = background
        pool = Mutex(Pool(location, logger: background))
    }

    /// Connects, creates the URL's schema if it is missing and brings the tables up to date.
    ///
    /// - Parameters:
    ///   - url: `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=&schema=&pool=]`.
    ///   - password: a password from elsewhere (`store.password`, `store.passwordFile`); it wins over the URL's.
    ///   - logger: where postgres-nio's background messages go.
    /// - Throws: ``StoreLocationError`` for a bad URL, ``PostgresStoreError`` when the server cannot be reached or
    ///   migrated, `StoreSchemaError` when the schema is newer than this program.
    public static func open(url: String, password: String? = nil, logger: Logger) async throws -> PostgresStore {
        let location = try PostgresLocation(url: url, password: password)
        var background = logger
        background.logLevel = max(logger.logLevel, .warning)
        // One direct connection first: a wrong password or an unreachable server is reported now, not retried by
        // the pool.
        do {
            let probe = try await PostgresConnection.connect(
                on: PostgresClient.defaultEventLoopGroup.any(), configuration: location.probeConfiguration(), id: 0,
                logger: background
            ).get()
            try await probe.close()
        } catch {
            throw PostgresStoreError.wrapping(error, during: "connecting to \(location.summary)")
        }
        let store = PostgresStore(location: location, logger: logger, background: background)
        do {
            try await PostgresSchema.migrate(store)
        } catch {
            await store.close()
            throw error
        }
        return store
    }

    /// Closes the pool's connections; later calls throw. Waits at most 10 s for the pool to end (a call that never
    /// ends keeps its connection leased).
    public func close() async {
        let runner = pool.withLock { pool in
            pool.closed = true
            return pool.runner
        }
        runner.cancel()
        let race = Race<Void>()
        try? await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            race.start(continuation)
            Task { await runner.value; race.finish(with: .success(())) }
            race.watch(Task {
                try? await Task.sleep(for: .seconds(10))
                race.finish(with: .success(()))
            })
        }
    }

    /// Runs `body` in one transaction on one pooled connection; commits when it returns, rolls back when it throws.
    /// - Parameter what: what the transaction does, for the error (`"applying a registration batch"`).
    @discardableResult
    func transaction<T: Sendable>(
        _ what: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let logger = logger
        return try await bounded(what) { client, connected in
            try await client.withConnection { connection in
                connected(connection)
                return try await connection.withTransaction(logger: logger) { try await body($0) }
            }
        }
    }

    /// Runs `body` on one pooled connection outside a transaction (each statement on its own).
    @discardableResult
    func connection<T: Sendable>(
        _ what: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        return try await bounded(what) { client, connected in
            try await client.withConnection { connection in
                connected(connection)
                return try await body(connection)
            }
        }
    }

    /// The longest a store call may wait for a connection. Then it fails as an outage (the worker retries) and the
    /// pool is replaced by a new one: a pool that stopped connecting after the server came back (seen after a server
    /// restart under load) never holds a worker for good. Work on a connection is not limited (a large batch may
    /// take long), unless the connection closes under it (``closedLimit``).
    static let callLimit: Duration = .seconds(30)

    /// How long a call may go on after its connection closed. A query on a connection the server closed (a restart)
    /// normally fails at once; in a full test run on two cores calls were seen never to return after a restart,
    /// holding their workers for good. After this the call fails as an outage and the pool is replaced.
    static let closedLimit: Duration = .seconds(5)

    /// `body` on the current pool, with its errors as ``PostgresStoreError``s, failing as an outage when it has not
    /// got a connection (`body` calls `connected` then) within ``callLimit`` or its connection has been closed for
    /// ``closedLimit``. It does not wait for a `body` that ignores cancellation, also when the caller is cancelled.
    package func bounded<T: Sendable>(
        _ what: String,
        _ body: @escaping @Sendable (PostgresClient, @escaping @Sendable (PostgresConnection) -> Void) async throws -> T
    ) async throws -> T {
        let client = pool.withLock(\.client)
        let race = Race<T>()
        let work = Task { try await body(client) { race.connected($0) } }
        do {
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                    race.start(continuation)
                    Task { race.finish(with: await work.result) }
                    race.watch(Task {
                        let start = ContinuousClock.now
                        var closedSince: ContinuousClock.Instant?
                        while !Task.isCancelled {
                            try? await Task.sleep(for: .seconds(1))
                            let now = ContinuousClock.now
                            guard let connection = race.connection else {
                                guard now - start >= Self.callLimit else { continue }
                                if race.finish(with: .failure(PostgresStoreError.timedOut(what, after: Self.callLimit))) {
                                    work.cancel()
                                    self.replacePool(ifStill: client, because: "it gave no connection in time")
                                }
                                return
                            }
                            guard connection.isClosed else { continue }
                            let since = closedSince ?? now
                            closedSince = since
                            guard now - since >= Self.closedLimit else { continue }
                            if race.finish(with: .failure(PostgresStoreError.connectionLost(what))) {
                                work.cancel()
                                self.replacePool(ifStill: client, because: "a call on a closed connection did not end")
                            }
                            return
                        }
                    })
                }
            } onCancel: {
                work.cancel()
                race.finish(with: .failure(CancellationError()))
            }
        } catch {
            if let refused = error as? ConnectionPoolError, refused == .connectionCreationCircuitBreakerTripped {
                // postgres-nio's pool, after failing to connect for 15 s, refuses calls until a retry connects, and its
                // retries back off to a minute; after a restart it was seen refusing with the server up.
                replacePool(ifStill: client, because: "it refuses calls after failing to connect")
            }
            throw PostgresStoreError.wrapping(error, during: what)
        }
    }

    /// A new pool in place of `client`'s, unless it was replaced already or the store is closed. The old pool's
    /// calls still running end with its connections.
    private func replacePool(ifStill client: PostgresClient, because reason: String) {
        let old: Task<Void, Never>? = pool.withLock { pool in
            guard !pool.closed, pool.client === client else { return nil }
            let replaced = pool.runner
            pool = Pool(location, logger: background)
            return replaced
        }
        guard let old else { return }
        logger.warning("PostgreSQL pool replaced: \(reason)", metadata: ["store": "\(location.summary)"])
        old.cancel()
    }

    /// The store's errors by kind (``PostgresStoreError/failureKind``); `nil` for an error not the store's.
    public func failureKind(of error: any Error) -> FailureKind? {
        if let classified = error as? any ClassifiedError { return classified.failureKind }
        if error is OutboxCodec.Corrupt { return .fatal }
        return nil
    }
}

extension PostgresConnection {
    /// Runs one statement and reads all its rows.
    @discardableResult
    func run(_ query: PostgresQuery, _ logger: Logger) async throws -> [PostgresRow] {
        var rows: [PostgresRow] = []
        for try await row in try await self.query(query, logger: logger) { rows.append(row) }
        return rows
    }
}

/// A continuation resumed by whichever finishes first: the call or its watchdog (a limit); the call's connection
/// once it has one.
private final class Race<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var finished = false
        var connection: PostgresConnection?
        var watchdog: Task<Void, Never>?
    }
    private let state = Mutex(State())

    /// The call got its connection.
    func connected(_ connection: PostgresConnection) { state.withLock { $0.connection = connection } }

    var connection: PostgresConnection? { state.withLock(\.connection) }

    func start(_ continuation: CheckedContinuation<T, any Error>) {
        state.withLock { $0.continuation = continuation }
    }

    /// The task that fails the call when it is stuck; cancelled when the call ends.
    func watch(_ watchdog: Task<Void, Never>) {
        let finished = state.withLock { state in
            state.watchdog = watchdog
            return state.finished
        }
        if finished { watchdog.cancel() }
    }

    /// Resumes the continuation with `result` unless it was resumed already; whether this call did.
    @discardableResult
    func finish(with result: Result<T, any Error>) -> Bool {
        let (continuation, watchdog) = state.withLock { state in
            state.finished = true
            return (state.continuation.take(), state.watchdog.take())
        }
        watchdog?.cancel()
        guard let continuation else { return false }
        continuation.resume(with: result)
        return true
    }
}
