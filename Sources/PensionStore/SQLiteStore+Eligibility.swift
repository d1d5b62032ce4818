import GRDB
import PensionDomain

extension SQLiteStore: EligibilityStore {
    /// Applies one eligibility batch; see ``EligibilityStore/apply(_:rules:followUps:)``.
    public func apply(
        _ batch: StageBatch<EligibilityRecord>, rules: PensionRules,
        followUps: @escaping @Sendable (EligibilityRecord, EligibilityChange) throws -> [OutboxMessage]
    ) async throws -> [AppliedEvent<EligibilityOutcome>] {
        let writer = EligibilityWriter(rules: rules, followUps: followUps)
        return try await apply(batch, stage: StoreStage.eligibility) { records, db in
            try writer.apply(records, in: db)
        }
    }

    /// Per-township eligibility counts; see ``EligibilityStore/eligibilitySummaries()``.
    public func eligibilitySummaries() async throws -> [EligibilitySummary] {
        try await pool.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT township_code, status, IFNULL(held_reason, ''), released, COUNT(*),
                        IFNULL(SUM(monthly_amount_fen), 0)
                    FROM eligibility GROUP BY township_code, status, held_reason, released
                    """)
            return EligibilitySummary.byTownship(
                rows.map { row -> EligibilitySummary.Group in (row[0], row[1], row[2], row[3], row[4], row[5]) })
        }
    }
}

extension SQLiteStore {
    /// The dead letters recorded for a stage (for waiting until a following stage has seen every result).
    /// - Throws: a database error.
    public func deadLetterCount(stage: String) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM dead_letters WHERE stage = ?", arguments: [stage]) ?? 0
        }
    }

    /// Bank cards recorded from `bankcard.issued` (not counting closed ones), per township of the pensioner.
    /// - Throws: a database error.
    public func issuedCardCounts() async throws -> [String: Int] {
        try await pool.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT e.township_code, COUNT(*) FROM bank_cards c JOIN eligibility e ON e.resident_id = c.resident_id
                    WHERE c.closed = 0 GROUP BY e.township_code
                    """)
            {
                counts[row[0]] = row[1]
            }
            return counts
        }
    }
}
