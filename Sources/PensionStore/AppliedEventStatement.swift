import Foundation
import GRDB

/// Appends `applied_events` rows inside the caller's transaction; the caller has checked the event is new.
///
/// Rows are inserted 64 to a statement: a one-row `INSERT` opens and closes the table for each event, which cost
/// about a fifth of a registration's store time. ``flush()`` inserts what is left; call it before the transaction
/// ends.
struct AppliedEventStatement {
    private static let rowsPerStatement = 64
    private var many: FastStatement
    private var one: FastStatement
    private var pending: [Pending] = []

    /// A row recorded but not inserted yet.
    private struct Pending {
        var eventId: UUID
        var stage: String
        var source: SourcePosition
        var outcome: String
        var townshipCode: String
    }

    init(_ db: Database) throws {
        many = try FastStatement(db, sql: Self.insert(rows: Self.rowsPerStatement))
        one = try FastStatement(db, sql: Self.insert(rows: 1))
        pending.reserveCapacity(Self.rowsPerStatement)
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
        pending.append(Pending(eventId: eventId, stage: stage, source: source, outcome: outcome, townshipCode: townshipCode))
        if pending.count == Self.rowsPerStatement {
            try insert(pending, with: &many)
            pending.removeAll(keepingCapacity: true)
        }
    }

    /// Inserts the rows recorded since the last full statement.
    mutating func flush() throws {
        for row in pending {
            try insert([row], with: &one)
        }
        pending.removeAll(keepingCapacity: true)
    }

    private func insert(_ rows: [Pending], with statement: inout FastStatement) throws {
        statement.start()
        for index in rows.indices {
            statement.bind(rows[index].eventId)
            statement.bind(rows[index].stage)
            statement.bind(rows[index].source.topic)
            statement.bind(Int64(rows[index].source.partition))
            statement.bind(rows[index].source.offset)
            statement.bind(rows[index].outcome)
            statement.bind(rows[index].townshipCode)
        }
        try statement.run()
    }

    private static func insert(rows: Int) -> String {
        """
        INSERT INTO applied_events (event_id, stage, topic, "partition", "offset", outcome, township_code) VALUES
        \(Array(repeating: "(?, ?, ?, ?, ?, ?, ?)", count: rows).joined(separator: ",\n"))
        """
    }
}
