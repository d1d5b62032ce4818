import GRDB

extension SQLiteStore: MetricsStore {
    /// Applies one metrics batch; see ``MetricsStore/apply(_:)``.
    public func apply(_ batch: StageBatch<MetricsRecord>) async throws -> [AppliedEvent<MetricsOutcome>] {
        try await apply(batch, stage: StoreStage.metrics, writer: MetricsWriter.apply)
    }

    /// The counters per township and village; see ``MetricsStore/metricsByVillage()``.
    public func metricsByVillage() async throws -> [VillageCounters] {
        try await pool.read { db in try MetricsWriter.read(db) }
    }

    /// Drops the projection; see ``MetricsStore/resetMetrics()``.
    public func resetMetrics() async throws {
        try await pool.write { db in
            try db.execute(sql: """
                DELETE FROM metrics_residents;
                DELETE FROM metrics_payments;
                DELETE FROM metrics_counts;
                DELETE FROM event_counts WHERE stage = 'metrics';
                """)
            try db.execute(
                sql: "DELETE FROM event_gate WHERE stage IN (SELECT code FROM gate_stages WHERE name = ?)",
                arguments: [StoreStage.metrics])
        }
    }

    /// Events the metrics stage has applied; see ``MetricsStore/metricsEventCount()``.
    public func metricsEventCount() async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(
                db,
                sql: "SELECT COUNT(*) FROM event_gate WHERE stage IN (SELECT code FROM gate_stages WHERE name = ?)",
                arguments: [StoreStage.metrics]) ?? 0
        }
    }
}

/// Applies metrics records inside the caller's transaction, and reads the counters back.
enum MetricsWriter {
    static func apply(_ records: [MetricsRecord], in db: Database) throws -> [MetricsOutcome] {
        try records.map { try apply($0, in: db) }
    }

    private static func apply(_ record: MetricsRecord, in db: Database) throws -> MetricsOutcome {
        let township = record.townshipCode
        switch record.fact {
        case .ignored:
            return .ignored
        case .submitted(let village):
            try count("submitted", township, village, "", "", in: db)
        case .payoutFailed(let reason):
            try count("payout_failed", township, "", "", reason, in: db)
        case .deadLetter(let stage, let reason):
            try count("dead_letter", township, "", stage, reason, in: db)
        case .enrolled(let id, let village):
            try resident(id, township, village, set: "enrolled = 1", in: db)
        case .verified(let id, let village):
            try resident(id, township, village, set: "verified = 1", in: db)
        case .rejected(let id, let village, let reason):
            try resident(id, township, village, set: "rejected_reason = ?3", reason, in: db)
        case .eligible(let id, let village):
            try resident(id, township, village, set: "pension = 'eligible', held_reason = NULL", in: db)
        case .held(let id, let village, let reason):
            // Once eligible, a pensioner stays eligible (a release comes after the hold on the same partition).
            try resident(
                id, township, village,
                set: """
                    held_reason = CASE WHEN pension = 'eligible' THEN NULL ELSE ?3 END,
                    pension = CASE WHEN pension = 'eligible' THEN 'eligible' ELSE 'held' END
                    """,
                reason, in: db)
        case .released(let id, let village):
            try resident(id, township, village, set: "pension = 'eligible', held_reason = NULL, released = 1", in: db)
        case .certificatePrinted(let id, let village):
            try resident(id, township, village, set: "certificate = 1", in: db)
        case .bankCard(let id):
            try resident(id, township, "", set: "bank_card = 1", in: db)
        case .paid(let id, let month, let amountFen):
            try db.cachedStatement(sql: """
                INSERT INTO metrics_payments (resident_id, month, township_code, amount_fen) VALUES (?, ?, ?, ?)
                ON CONFLICT (resident_id, month) DO NOTHING
                """).execute(arguments: [id, month, township, amountFen])
        }
        return .counted
    }

    private static func count(
        _ metric: String, _ township: String, _ village: String, _ stage: String, _ reason: String, in db: Database
    ) throws {
        try db.cachedStatement(sql: """
            INSERT INTO metrics_counts (metric, township_code, village_code, stage, reason, count)
            VALUES (?, ?, ?, ?, ?, 1)
            ON CONFLICT (metric, township_code, village_code, stage, reason) DO UPDATE SET count = count + 1
            """).execute(arguments: [metric, township, village, stage, reason])
    }

    /// Creates or updates the resident's row; `set` assigns the fact's columns (`?3` is `value`). The village is
    /// kept from the first event that carried one.
    private static func resident(
        _ id: String, _ township: String, _ village: String, set: String, _ value: String? = nil, in db: Database
    ) throws {
        try db.cachedStatement(
            sql: "INSERT INTO metrics_residents (resident_id, township_code) VALUES (?, ?) ON CONFLICT DO NOTHING"
        ).execute(arguments: [id, township])
        try db.cachedStatement(sql: """
            UPDATE metrics_residents SET \(set), village_code = COALESCE(village_code, NULLIF(?2, ''))
            WHERE resident_id = ?1
            """).execute(arguments: value.map { [id, village, $0] } ?? [id, village])
    }

    static func read(_ db: Database) throws -> [VillageCounters] {
        var counters = MetricsByPlace()
        for row in try Row.fetchAll(db, sql: """
            SELECT township_code, IFNULL(village_code, ''), TOTAL(enrolled), TOTAL(verified), TOTAL(pension IS 'eligible'),
                TOTAL(released), TOTAL(certificate), TOTAL(bank_card)
            FROM metrics_residents GROUP BY 1, 2
            """)
        {
            func int(_ index: Int) -> Int { Int((row[index] as Double?) ?? 0) }
            counters.residents(
                township: row[0], village: row[1], enrolled: int(2), verified: int(3), eligible: int(4), released: int(5),
                certificates: int(6), bankCards: int(7))
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT township_code, IFNULL(village_code, ''), rejected_reason, COUNT(*) FROM metrics_residents
            WHERE rejected_reason IS NOT NULL GROUP BY 1, 2, 3
            """)
        {
            counters.rejected(township: row[0], village: row[1], reason: row[2], count: row[3])
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT township_code, IFNULL(village_code, ''), held_reason, COUNT(*) FROM metrics_residents
            WHERE pension = 'held' GROUP BY 1, 2, 3
            """)
        {
            counters.held(township: row[0], village: row[1], reason: row[2], count: row[3])
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT p.township_code, IFNULL(r.village_code, ''), COUNT(DISTINCT p.resident_id), COUNT(*), TOTAL(p.amount_fen)
            FROM metrics_payments p LEFT JOIN metrics_residents r ON r.resident_id = p.resident_id GROUP BY 1, 2
            """)
        {
            counters.payments(
                township: row[0], village: row[1], pensioners: row[2], payouts: row[3], fen: Int((row[4] as Double?) ?? 0))
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT metric, township_code, village_code, stage, reason, count FROM metrics_counts
            """)
        {
            counters.count(metric: row[0], township: row[1], village: row[2], stage: row[3], reason: row[4], count: row[5])
        }
        return counters.villages
    }
}
