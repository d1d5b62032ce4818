import GRDB

/// Reads per-township progress and per-stage counts inside the caller's read transaction.
package enum SummaryQuery {
    static func townshipSummaries(in db: Database) throws -> [TownshipSummary] {
        try assemble(
            counts: Row.fetchAll(db, sql: countsByTownship).map { ($0[0], $0[1], $0[2], $0[3]) },
            enrollees: Row.fetchAll(db, sql: enrolleesByTownship).map { ($0[0], $0[1], $0[2], $0[3]) },
            deadLetters: Row.fetchAll(db, sql: deadLettersByTownship).map { ($0[0], $0[1]) })
    }

    /// The summaries from the rows of the three queries (any backend): event counts (stage, township, outcome,
    /// count), enrollees (township, status, reject reason, count) and dead letters (township, count).
    package static func assemble(
        counts: [(String, String?, String, Int)], enrollees: [(String?, String, String?, Int)],
        deadLetters: [(String?, Int)]
    ) -> [TownshipSummary] {
        var summaries: [String: TownshipSummary] = [:]
        func edit(_ code: String?, _ change: (inout TownshipSummary) -> Void) {
            let code = code ?? TownshipSummary.unknownTownshipCode
            change(&summaries[code, default: TownshipSummary(townshipCode: code)])
        }
        for (stage, township, outcome, count) in counts {
            edit(township) { summary in
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
        for (township, status, reason, count) in enrollees {
            edit(township) { summary in
                summary.enrolled += count
                switch status {
                case "verified": summary.verified += count
                case "rejected": summary.rejectedByReason[reason ?? "", default: 0] += count
                default: break
                }
            }
        }
        for (township, count) in deadLetters {
            edit(township) { $0.deadLettered += count }
        }
        return summaries.values.sorted { $0.townshipCode < $1.townshipCode }
    }

    static func processedCount(stage: String, in db: Database) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: processed), arguments: [stage]) ?? 0
    }

    package static let countsByTownship = "SELECT stage, township_code, outcome, count FROM event_counts"

    package static let enrolleesByTownship = """
        SELECT township_code, status, reject_reason, COUNT(*) FROM enrollees
        GROUP BY township_code, status, reject_reason
        """

    package static let deadLettersByTownship = """
        SELECT township_code, COUNT(*) FROM dead_letters GROUP BY township_code
        """

    private static let processed = """
        SELECT (SELECT IFNULL(SUM(count), 0) FROM event_counts WHERE stage = ?1 AND outcome <> 'alreadyApplied')
            + (SELECT COUNT(*) FROM dead_letters WHERE stage = ?1)
        """
}
