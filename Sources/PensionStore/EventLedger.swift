import Foundation
import GRDB

/// Statements shared by the stages: the applied-event record, dead letters and redelivery counters.
///
/// All run on cached statements inside the caller's transaction.
enum EventLedger {
    /// Records that an event was applied; fails if its ID was applied before, so check first.
    static func recordApplied(
        eventId: String,
        stage: String,
        source: SourcePosition,
        outcome: String,
        townshipCode: String,
        in db: Database
    ) throws {
        let statement = try db.cachedStatement(sql: insertApplied)
        try statement.execute(arguments: [
            eventId, stage, source.topic, source.partition, source.offset, outcome, townshipCode,
        ])
    }

    /// Records that an event was applied unless its ID was applied before.
    ///
    /// - Returns: `true` if the event was new and is now recorded, `false` if it had been applied already.
    static func claim(
        eventId: String,
        stage: String,
        source: SourcePosition,
        outcome: String,
        townshipCode: String,
        in db: Database
    ) throws -> Bool {
        let statement = try db.cachedStatement(sql: insertAppliedUnlessPresent)
        try statement.execute(arguments: [
            eventId, stage, source.topic, source.partition, source.offset, outcome, townshipCode,
        ])
        return db.changesCount > 0
    }

    /// Counts one delivery of an event that had been applied already.
    static func countRedelivery(stage: String, townshipCode: String, in db: Database) throws {
        let statement = try db.cachedStatement(sql: upsertRedelivery)
        try statement.execute(arguments: [stage, townshipCode])
    }

    /// Records dead letters; one already recorded at the same position is left as it was.
    static func recordDeadLetters(_ deadLetters: [DeadLetterRecord], in db: Database) throws {
        guard !deadLetters.isEmpty else { return }
        let statement = try db.cachedStatement(sql: insertDeadLetter)
        for letter in deadLetters {
            try statement.execute(arguments: [
                letter.source.topic, letter.source.partition, letter.source.offset, letter.stage,
                letter.townshipCode, letter.errorCode, letter.errorField,
            ])
        }
    }

    private static let insertApplied = """
        INSERT INTO applied_events (event_id, stage, topic, "partition", "offset", outcome, township_code)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """

    private static let insertAppliedUnlessPresent = """
        INSERT INTO applied_events (event_id, stage, topic, "partition", "offset", outcome, township_code)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (event_id) DO NOTHING
        """

    private static let upsertRedelivery = """
        INSERT INTO redeliveries (stage, township_code, count) VALUES (?, ?, 1)
        ON CONFLICT (stage, township_code) DO UPDATE SET count = count + 1
        """

    private static let insertDeadLetter = """
        INSERT INTO dead_letters (topic, "partition", "offset", stage, township_code, error_code, error_field)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (topic, "partition", "offset") DO NOTHING
        """
}
