import GRDB

/// Counts of one batch's events by township and outcome, added to `event_counts` when the batch is done.
///
/// Keeping counters instead of an index on `applied_events` saves a B-tree insert per event and makes
/// ``PensionStore/townshipSummaries()`` and ``PensionStore/processedCount(stage:)`` cheap. Deliveries of an event
/// already applied are counted under the outcome `alreadyApplied`; no `applied_events` row stands for them.
package struct EventTally {
    private let stage: String
    private let outcomes: [String]
    private var counts: [String: [Int]] = [:]

    /// - Parameters:
    ///   - stage: the stage whose events are counted.
    ///   - outcomes: the outcomes' raw values; ``add(townshipCode:outcome:)`` takes a position in this list.
    package init(stage: String, outcomes: [String]) {
        self.stage = stage
        self.outcomes = outcomes
    }

    /// Counts one event of `townshipCode` whose outcome is at position `outcome` of the outcome list.
    package mutating func add(townshipCode: String, outcome: Int) {
        counts[townshipCode, default: Array(repeating: 0, count: outcomes.count)][outcome] += 1
    }

    /// The stage counted.
    package var stageName: String { stage }

    /// The non-zero counts, for a store to add to its `event_counts`.
    package var entries: [(townshipCode: String, outcome: String, count: Int)] {
        counts.flatMap { townshipCode, row in
            zip(outcomes, row).filter { $0.1 > 0 }.map { (townshipCode, $0.0, $0.1) }
        }
    }

    func write(in db: Database) throws {
        guard !counts.isEmpty else { return }
        var statement = try FastStatement(db, sql: Self.upsertCount)
        for entry in entries {
            statement.start()
            statement.bind(stage)
            statement.bind(entry.townshipCode)
            statement.bind(entry.outcome)
            statement.bind(entry.count)
            try statement.run()
        }
    }

    private static let upsertCount = """
        INSERT INTO event_counts (stage, township_code, outcome, count) VALUES (?1, ?2, ?3, ?4)
        ON CONFLICT (stage, township_code, outcome) DO UPDATE SET count = count + excluded.count
        """
}
