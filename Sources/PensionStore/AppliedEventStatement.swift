import Foundation
import GRDB

/// Appends `applied_events` rows inside the caller's transaction; the caller has checked the event is new.
struct AppliedEventStatement {
    private var statement: FastStatement

    init(_ db: Database) throws {
        statement = try FastStatement(db, sql: Self.insert)
    }

    /// Records that an event was applied.
    ///
    /// - Parameters:
    ///   - eventId: the event ID, stored as its `uuidString`.
    ///   - stage: the stage that applied it.
    ///   - source: where the event was read from.
    ///   - outcome: what applying it did.
    ///   - townshipCode: the event's township.
    mutating func record(
        eventId: UUID,
        stage: String,
        source: SourcePosition,
        outcome: String,
        townshipCode: String
    ) throws {
        statement.start()
        statement.bind(eventId)
        statement.bind(stage)
        statement.bind(source.topic)
        statement.bind(Int64(source.partition))
        statement.bind(source.offset)
        statement.bind(outcome)
        statement.bind(townshipCode)
        try statement.run()
    }

    private static let insert = """
        INSERT INTO applied_events (event_id, stage, topic, "partition", "offset", outcome, township_code)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
        """
}
