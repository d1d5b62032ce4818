import GRDB

/// Reads per-township progress and per-stage counts inside the caller's read transaction.
enum SummaryQuery {
    static func townshipSummaries(in db: Database) throws -> [TownshipSummary] {
        var summaries: [String: TownshipSummary] = [:]
        func edit(_ code: String?, _ change: (inout TownshipSummary) -> Void) {
            let code = code ?? TownshipSummary.unknownTownshipCode
            change(&summaries[code, default: TownshipSummary(townshipCode: code)])
        }
        for row in try Row.fetchAll(db, sql: appliedByTownship) {
            let stage: String = row[0]
            let outcome: String = row[2]
            let count: Int = row[3]
            edit(row[1]) { summary in
                guard stage == StoreStage.registration else { return }
                summary.registrationsApplied += count
                if outcome == RegistrationOutcome.updated.rawValue {
                    summary.duplicatesIgnored += count
                }
            }
        }
        for row in try Row.fetchAll(db, sql: redeliveriesByTownship) {
            let stage: String = row[0]
            let count: Int = row[2]
            edit(row[1]) { summary in
                if stage == StoreStage.registration {
                    summary.duplicatesIgnored += count
                }
            }
        }
        for row in try Row.fetchAll(db, sql: enrolleesByTownship) {
            let status: String = row[1]
            let reason: String? = row[2]
            let count: Int = row[3]
            edit(row[0]) { summary in
                summary.enrolled += count
                switch status {
                case "verified": summary.verified += count
                case "rejected": summary.rejectedByReason[reason ?? "", default: 0] += count
                default: break
                }
            }
        }
        for row in try Row.fetchAll(db, sql: deadLettersByTownship) {
            let count: Int = row[1]
            edit(row[0]) { $0.deadLettered += count }
        }
        return summaries.values.sorted { $0.townshipCode < $1.townshipCode }
    }

    static func processedCount(stage: String, in db: Database) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: processed), arguments: [stage]) ?? 0
    }

    private static let appliedByTownship = """
        SELECT stage, township_code, outcome, COUNT(*) FROM applied_events
        GROUP BY stage, township_code, outcome
        """

    private static let redeliveriesByTownship = "SELECT stage, township_code, count FROM redeliveries"

    private static let enrolleesByTownship = """
        SELECT township_code, status, reject_reason, COUNT(*) FROM enrollees
        GROUP BY township_code, status, reject_reason
        """

    private static let deadLettersByTownship = """
        SELECT township_code, COUNT(*) FROM dead_letters GROUP BY township_code
        """

    private static let processed = """
        SELECT (SELECT COUNT(*) FROM applied_events WHERE stage = ?1)
            + (SELECT COUNT(*) FROM dead_letters WHERE stage = ?1)
        """
}
