import GRDB

/// Reads per-township progress and per-stage counts inside the caller's read transaction.
enum SummaryQuery {
    static func townshipSummaries(in db: Database) throws -> [TownshipSummary] {
        var summaries: [String: TownshipSummary] = [:]
        func edit(_ code: String?, _ change: (inout TownshipSummary) -> Void) {
            let code = code ?? TownshipSummary.unknownTownshipCode
            change(&summaries[code, default: TownshipSummary(townshipCode: code)])
        }
        for row in try Row.fetchAll(db, sql: countsByTownship) {
            let stage: String = row[0]
            let outcome: String = row[2]
            let count: Int = row[3]
            edit(row[1]) { summary in
                guard stage == StoreStage.registration else { return }
                switch outcome {
                case RegistrationOutcome.enrolled.rawValue:
                    summary.registrationsApplied += count
                case RegistrationOutcome.updated.rawValue:
                    summary.registrationsApplied += count
                    summary.duplicatesIgnored += count
                default:
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

    private static let countsByTownship = "SELECT stage, township_code, outcome, count FROM event_counts"

    private static let enrolleesByTownship = """
        SELECT township_code, status, reject_reason, COUNT(*) FROM enrollees
        GROUP BY township_code, status, reject_reason
        """

    private static let deadLettersByTownship = """
        SELECT township_code, COUNT(*) FROM dead_letters GROUP BY township_code
        """

    private static let processed = """
        SELECT (SELECT IFNULL(SUM(count), 0) FROM event_counts WHERE stage = ?1 AND outcome <> 'alreadyApplied')
            + (SELECT COUNT(*) FROM dead_letters WHERE stage = ?1)
        """
}
