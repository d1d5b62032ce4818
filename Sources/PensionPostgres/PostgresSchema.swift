import Logging
import PensionStore
import PostgresNIO

/// The PostgreSQL schema: the tables of ``SQLiteStore``'s migrations in their current form, one migration per area.
///
/// ``migrate(_:)`` runs in one transaction under an advisory lock keyed by the schema, so processes that start at the
/// same moment on an empty database wait for each other, and each migration runs once (`schema_migrations`).
/// Integers are `BIGINT`, so the same state reads back as the same values as on SQLite (``stateFingerprint()``
/// matches across backends).
enum PostgresSchema {
    struct Migration: Sendable {
        let id: String
        let statements: [String]
    }

    /// Every migration, in order; a new one goes at the end.
    static let migrations: [Migration] = [core, payouts, certificates, deadLetters, operations, metrics]

    static func migrate(_ store: PostgresStore) async throws {
        let schema = store.location.schema
        let logger = store.logger
        try await store.transaction("migrating the schema") { connection in
            let key = "pension-schema:\(schema ?? "")"
            try await connection.run("SELECT pg_advisory_xact_lock(hashtextextended(\(key), 0))", logger)
            if let schema {
                // `schema` is a checked SQL name (PostgresLocation).
                try await connection.run(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"), logger)
            }
            try await connection.run(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    id TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                """, logger)
            var applied: Set<String> = []
            for row in try await connection.run("SELECT id FROM schema_migrations", logger) {
                applied.insert(try row.decode(String.self))
            }
            guard applied.isSubset(of: migrations.map(\.id)) else {
                throw StoreSchemaError(path: store.location.summary)
            }
            for migration in migrations where !applied.contains(migration.id) {
                for statement in migration.statements {
                    try await connection.run(PostgresQuery(unsafeSQL: statement), logger)
                }
                try await connection.run("INSERT INTO schema_migrations (id) VALUES (\(migration.id))", logger)
            }
        }
    }
}
