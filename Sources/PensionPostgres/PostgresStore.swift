import Foundation
import Logging
import PensionDomain
import PensionStore
import PostgresNIO

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
    let client: PostgresClient
    let logger: Logger
    let location: PostgresLocation
    private let runner: Task<Void, Never>

    private init(client: PostgresClient, location: PostgresLocation, logger: Logger, runner: Task<Void, Never>) {
        self.client = client
        self.location = location
        self.logger = logger
        self.runner = runner
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
        let client = PostgresClient(configuration: location.configuration, backgroundLogger: background)
        let runner = Task { await client.run() }
        let store = PostgresStore(client: client, location: location, logger: logger, runner: runner)
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
        runner.cancel()
        await runner.value
    }

    /// Runs `body` in one transaction on one pooled connection; commits when it returns, rolls back when it throws.
    /// - Parameter what: what the transaction does, for the error (`"applying a registration batch"`).
    @discardableResult
    func transaction<T: Sendable>(
        _ what: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let (client, logger) = (client, logger)
        return try await bounded(what) {
            try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        }
    }

    /// Runs `body` on one pooled connection outside a transaction (each statement on its own).
    @discardableResult
    func connection<T: Sendable>(
        _ what: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let client = client
        return try await bounded(what) {
            try await client.withConnection { connection in try await body(connection) }
        }
    }

    /// The longest a store call may take, waiting for a connection included; then it fails as an outage (and the
    /// worker retries), so a pool that cannot reconnect never holds a worker forever.
    static let callLimit: Duration = .seconds(60)

    /// `body`, with its errors as ``PostgresStoreError``s, failing after ``callLimit``.
    private func bounded<T: Sendable>(_ what: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        do {
            return try await withThrowingTaskGroup(of: T.self) { group in
                group.addTask { try await body() }
                group.addTask {
                    try await Task.sleep(for: Self.callLimit)
                    throw PostgresStoreError.timedOut(what, after: Self.callLimit)
                }
                defer { group.cancelAll() }
                return try await group.next()!
            }
        } catch {
            throw PostgresStoreError.wrapping(error, during: what)
        }
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
