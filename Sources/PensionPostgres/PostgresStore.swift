import Foundation
import Logging
import PensionDomain
import PensionStore
import PostgresNIO
import Synchronization

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
            runner = Task { await client.run() }
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

    /// Closes the pool's connections; later calls throw.
    public func close() async {
        let runner = pool.withLock { pool in
            pool.closed = true
            return pool.runner
        }
        runner.cancel()
        await runner.value
    }

    /// Runs `body` in one transaction on one pooled connection; commits when it returns, rolls back when it throws.
    /// - Parameter what: what the transaction does, for the error (`"applying a registration batch"`).
    @discardableResult
    func transaction<T: Sendable>(
        _ what: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let logger = logger
        return try await bounded(what) { client, connected in
            try await client.withTransaction(logger: logger) { connection in
                connected()
                return try await body(connection)
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
                connected()
                return try await body(connection)
            }
        }
    }

    /// The longest a store call may wait for a connection. Then it fails as an outage (the worker retries) and the
    /// pool is replaced by a new one: a pool that stopped connecting after the server came back (seen after a server
    /// restart under load) never holds a worker for good. Work on a connection is not limited (a large batch may
    /// take long; a dead server ends it with a connection error).
    static let callLimit: Duration = .seconds(30)

    /// `body` on the current pool, with its errors as ``PostgresStoreError``s, failing when it has not got a
    /// connection (`body` calls `connected` then) within ``callLimit``. The call does not wait for a `body` that
    /// ignores cancellation.
    private func bounded<T: Sendable>(
        _ what: String, _ body: @escaping @Sendable (PostgresClient, @escaping @Sendable () -> Void) async throws -> T
    ) async throws -> T {
        let client = pool.withLock(\.client)
        let race = Race<T>()
        let work = Task { try await body(client) { race.connected() } }
        do {
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                    race.start(continuation)
                    Task { race.finish(with: await work.result) }
                    Task {
                        try? await Task.sleep(for: Self.callLimit)
                        guard !race.isConnected, race.finish(with: .failure(PostgresStoreError.timedOut(what, after: Self.callLimit)))
                        else { return }
                        work.cancel()
                        self.replacePool(ifStill: client)
                    }
                }
            } onCancel: {
                work.cancel()
            }
        } catch {
            throw PostgresStoreError.wrapping(error, during: what)
        }
    }

    /// A new pool in place of `client`'s, unless it was replaced already or the store is closed.
    private func replacePool(ifStill client: PostgresClient) {
        let old: Task<Void, Never>? = pool.withLock { pool in
            guard !pool.closed, pool.client === client else { return nil }
            let replaced = pool.runner
            pool = Pool(location, logger: background)
            return replaced
        }
        guard let old else { return }
        logger.warning("PostgreSQL pool gave no connection in time; replaced", metadata: ["store": "\(location.summary)"])
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

/// A continuation resumed by whichever of two tasks finishes first, and whether the call got a connection.
private final class Race<T: Sendable>: Sendable {
    private let waiting = Mutex<CheckedContinuation<T, any Error>?>(nil)
    private let gotConnection = Mutex(false)

    /// The call got its connection.
    func connected() { gotConnection.withLock { $0 = true } }

    var isConnected: Bool { gotConnection.withLock { $0 } }

    func start(_ continuation: CheckedContinuation<T, any Error>) {
        waiting.withLock { $0 = continuation }
    }

    /// Resumes the continuation with `result` unless it was resumed already; whether this call did.
    @discardableResult
    func finish(with result: Result<T, any Error>) -> Bool {
        guard let continuation = waiting.withLock({ $0.take() }) else { return false }
        continuation.resume(with: result)
        return true
    }
}
