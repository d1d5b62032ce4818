import GRDB

/// The ``PensionStore`` on one SQLite file, through a GRDB `DatabasePool`.
///
/// The file is in WAL mode with `synchronous = NORMAL`: a committed batch survives a crash of the process (not
/// necessarily a power cut), which is what committing Kafka offsets after the call needs. Each `apply…` call is one
/// write transaction on cached prepared statements, with about two statements per event and no per-event `SELECT`
/// (`StoreSchema.swift` tells how redeliveries are recognised without a random-key index per event). The log is
/// copied into the database file by a ``WALCheckpointer`` beside the writer, not inside its commits. Errors are
/// GRDB `DatabaseError`s, whose descriptions name the SQL but never the argument values, so resident IDs and names
/// do not leak into logs.
public final class SQLiteStore: PensionStore {
    let pool: DatabasePool

    private let checkpointer: WALCheckpointer

    /// Per connection: a 32 MiB page cache; the WAL file truncated back to 64 MiB when it starts over.
    private static let pragmas = """
        PRAGMA cache_size = -32768;
        PRAGMA journal_size_limit = 67108864;
        """

    private init(pool: DatabasePool, checkpointer: WALCheckpointer) {
        self.pool = pool
        self.checkpointer = checkpointer
    }

    /// Opens the database file, creating it if needed, and brings its schema up to date.
    ///
    /// Migrations that already ran are not run again, so reopening a file keeps its data.
    /// - Parameter path: the SQLite file's path; its directory must exist.
    /// - Returns: the open store.
    /// - Throws: a `DatabaseError` if the file cannot be opened or migrated.
    public static func open(path: String) throws -> SQLiteStore {
        // 16,384 pages of 4 KiB: 64 MiB of WAL rather than SQLite's 4 MiB, so a page that several batches change is
        // copied into the database once.
        try open(path: path, checkpointAfterFrames: 16384)
    }

    /// Opens the store, checkpointing the WAL from `checkpointAfterFrames` frames (pages) on.
    static func open(path: String, checkpointAfterFrames: Int32) throws -> SQLiteStore {
        var configuration = Configuration()
        configuration.label = "PensionStore"
        configuration.busyMode = .timeout(10)
        // The writer's checkpoints run beside it (`WALCheckpointer`). The configuration, and with it the
        // checkpointer, lives as long as the pool's connections.
        let checkpointer = WALCheckpointer(threshold: checkpointAfterFrames)
        configuration.prepareDatabase { db in
            try db.execute(sql: pragmas)
            if !db.configuration.readonly { checkpointer.install(on: db) }
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try StoreSchema.migrator.migrate(pool)
        try checkpointer.connect(path: path)
        return SQLiteStore(pool: pool, checkpointer: checkpointer)
    }

    /// Closes the database; later calls on this store throw.
    ///
    /// - Throws: a `DatabaseError` if the database cannot be closed.
    public func close() throws {
        try checkpointer.disconnect()
        try pool.close()
    }

    /// Applies the registrations and dead letters of one batch in one transaction.
    ///
    /// See ``PensionStore/applyRegistrations(_:deadLetters:)``.
    public func applyRegistrations(
        _ records: [RegistrationRecord],
        deadLetters: [DeadLetterRecord]
    ) async throws -> [RegistrationOutcome] {
        try await pool.write { db in
            let outcomes = try RegistrationWriter.apply(records, in: db)
            try DeadLetterTable.record(deadLetters, in: db)
            return outcomes
        }
    }

    /// Applies the verification decisions and dead letters of one batch in one transaction.
    ///
    /// A decision for a resident with no enrollee row is recorded as applied (``VerificationOutcome/recorded``) but
    /// creates no row. See ``PensionStore/applyVerifications(_:deadLetters:)``.
    public func applyVerifications(
        _ records: [VerificationRecord],
        deadLetters: [DeadLetterRecord]
    ) async throws -> [VerificationOutcome] {
        try await pool.write { db in
            let outcomes = try VerificationWriter.apply(records, in: db)
            try DeadLetterTable.record(deadLetters, in: db)
            return outcomes
        }
    }

    /// Looks up household-register members; see ``PensionStore/householdMembers(residentIds:)``.
    public func householdMembers(residentIds: [String]) async throws -> [String: HouseholdMember] {
        try await pool.read { db in
            try HouseholdRegisterTable.members(residentIds: residentIds, in: db)
        }
    }

    /// Adds or updates household-register entries; see ``PensionStore/loadHouseholdRegister(_:)``.
    public func loadHouseholdRegister(_ members: [HouseholdMember]) async throws {
        try await pool.write { db in
            try HouseholdRegisterTable.upsert(members, in: db)
        }
    }

    /// Per-township progress; see ``PensionStore/townshipSummaries()``.
    public func townshipSummaries() async throws -> [TownshipSummary] {
        try await pool.read { db in
            try SummaryQuery.townshipSummaries(in: db)
        }
    }

    /// Events applied plus dead letters at a stage; see ``PensionStore/processedCount(stage:)``.
    public func processedCount(stage: String) async throws -> Int {
        try await pool.read { db in
            try SummaryQuery.processedCount(stage: stage, in: db)
        }
    }

    /// A digest of the enrollee state; see ``PensionStore/stateFingerprint()``.
    public func stateFingerprint() async throws -> String {
        try await pool.read { db in
            try StateFingerprint.compute(in: db)
        }
    }
}
