import GRDB

/// The ``PensionStore`` on one SQLite file, through a GRDB `DatabasePool`.
///
/// The file is in WAL mode with `synchronous = FULL`: the log is synced at every commit, so a committed batch
/// survives a power cut, which is what committing Kafka offsets after the call needs (measured cost in
/// `docs/benchmarks.md`). Each `apply` call is one write transaction on cached prepared statements: the event gate
/// (``EventGate``, the unique key per stage and event ID, with the outbox), the stage's effect and the dead letters.
/// The log is copied into the database file by a ``WALCheckpointer`` beside the writer, not inside its commits.
/// Opening takes a ``MigrationLock``, so any number of processes may open one file at the same moment. Errors are
/// GRDB `DatabaseError`s, whose descriptions name the SQL but never the argument values, so resident IDs and names
/// do not leak into logs.
public final class SQLiteStore: PensionStore {
    let pool: DatabasePool

    private let checkpointer: WALCheckpointer

    /// Per connection: a 16 MiB page cache; the WAL file truncated back to 64 MiB when it starts over; the WAL synced
    /// at every commit (durable across power loss, not only across a crash of the process).
    private static let pragmas = """
        PRAGMA cache_size = -16384;
        PRAGMA journal_size_limit = 67108864;
        PRAGMA synchronous = FULL;
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
        let lock = try MigrationLock(path: path + ".lock")
        let pool = try DatabasePool(path: path, configuration: configuration)
        // GRDB sets the writer to `synchronous = NORMAL` when it turns WAL on, after `prepareDatabase`.
        try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
        let migrator = StoreSchema.migrator
        if try pool.read(migrator.hasBeenSuperseded) { throw StoreSchemaError(path: path) }
        try migrator.migrate(pool)
        _ = consume lock
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

    /// Applies one registration batch; see ``PensionStore/apply(_:)-(StageBatch<RegistrationRecord>)``.
    public func apply(_ batch: StageBatch<RegistrationRecord>) async throws -> [AppliedEvent<RegistrationOutcome>] {
        try await apply(batch, stage: StoreStage.registration, writer: RegistrationWriter.apply)
    }

    /// Applies one verification batch; see ``PensionStore/apply(_:)-(StageBatch<VerificationRecord>)``.
    ///
    /// A decision for a resident with no enrollee row is recorded as applied (``VerificationOutcome/recorded``) but
    /// creates no row.
    public func apply(_ batch: StageBatch<VerificationRecord>) async throws -> [AppliedEvent<VerificationOutcome>] {
        try await apply(batch, stage: StoreStage.idVerification, writer: VerificationWriter.apply)
    }

    /// One transaction: each event through the gate (new ones stored with their outbox, repeats answered with the
    /// stored one and counted as `alreadyApplied`), the new events' effects through `writer`, the dead letters.
    func apply<Record: StageRecord, Outcome>(
        _ batch: StageBatch<Record>, stage: String,
        writer: @escaping @Sendable ([Record], Database) throws -> [Outcome]
    ) async throws -> [AppliedEvent<Outcome>] {
        try await pool.write { db in
            var gate = try EventGate(db, stage: stage)
            var repeats = EventTally(stage: stage, outcomes: [RegistrationOutcome.alreadyApplied.rawValue])
            let admitted = try gate.admit(batch.events)
            var fresh: [Record] = []
            fresh.reserveCapacity(batch.events.count)
            var stored: [Int: [OutboxMessage]] = [:]
            for index in batch.events.indices {
                if admitted[index] {
                    fresh.append(batch.events[index].record)
                } else {
                    stored[index] = try gate.storedOutbox(batch.events[index].record.eventId)
                    repeats.add(townshipCode: batch.events[index].record.townshipCode, outcome: 0)
                }
            }
            var outcomes = try writer(fresh, db).makeIterator()
            try repeats.write(in: db)
            try DeadLetterTable.record(batch.deadLetters, in: db)
            return batch.events.indices.map { index in
                if let outbox = stored[index] { return .alreadyApplied(outbox: outbox) }
                return .applied(outcomes.next()!)
            }
        }
    }

    /// SQLite's result codes by kind: a constraint, size or type violation belongs to the record; busy, locked, I/O,
    /// full disk and the like are the store being unavailable; anything else (corruption, misuse, an SQL error
    /// such as a missing table) stops the process.
    public func failureKind(of error: any Error) -> FailureKind? {
        if let classified = error as? any ClassifiedError { return classified.failureKind }
        if error is OutboxCodec.Corrupt { return .fatal }
        guard let database = error as? DatabaseError else { return nil }
        switch database.resultCode {
        case .SQLITE_CONSTRAINT, .SQLITE_TOOBIG, .SQLITE_MISMATCH, .SQLITE_RANGE:
            return .message(reason: "store_rejected")
        case .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_IOERR, .SQLITE_FULL, .SQLITE_CANTOPEN, .SQLITE_PROTOCOL,
            .SQLITE_NOMEM, .SQLITE_INTERRUPT, .SQLITE_NOLFS:
            return .infrastructure
        default:
            return .fatal
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
