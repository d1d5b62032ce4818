import Foundation
import GRDB

/// The store's idempotency key: one `event_gate` row per stage and event ID (a unique index), written in the
/// batch's transaction together with the event's outbox.
///
/// ``admit(_:)`` inserts the rows and tells which events are new at this stage; for an event seen before it leaves
/// the row as it was, and ``storedOutbox(_:)`` reads what was decided then. The ID is kept as two 64-bit integers and
/// the stage as a small integer code, so an index entry is about 25 bytes. (Inserting 64 rows a statement with
/// `RETURNING` to tell the new ones was measured slower: SQLite buffers the returned rows.)
struct EventGate {
    private let stage: Int64
    private var insert: FastStatement
    private var select: FastStatement

    init(_ db: Database, stage: String) throws {
        self.stage = try StageCodes.code(of: stage, in: db)
        insert = try FastStatement(db, sql: Self.insertSQL)
        select = try FastStatement(db, sql: Self.selectSQL)
    }

    /// Records each event with its outbox; per event, in order, whether it is new at this stage (an ID this stage
    /// had already, or one repeated earlier in `events`, is not).
    mutating func admit<Record>(_ events: [StageEvent<Record>]) throws -> [Bool] {
        try events.indices.map { index in
            let (high, low) = Self.halves(events[index].record.eventId)
            insert.start()
            insert.bind(stage)
            insert.bind(high)
            insert.bind(low)
            insert.bind(bytes: OutboxCodec.encode(events[index].outbox))
            return try insert.run() > 0
        }
    }

    /// The outbox stored with an event this stage applied before.
    mutating func storedOutbox(_ eventId: UUID) throws -> [OutboxMessage] {
        let (high, low) = Self.halves(eventId)
        select.start()
        select.bind(stage)
        select.bind(high)
        select.bind(low)
        guard let messages = try select.firstBlob({ try OutboxCodec.decode($0) }) else { throw OutboxCodec.Corrupt() }
        return messages
    }

    static func halves(_ id: UUID) -> (Int64, Int64) {
        withUnsafeBytes(of: id.uuid) { bytes in
            (
                Int64(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: Int64.self)),
                Int64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: Int64.self))
            )
        }
    }

    private static let insertSQL = """
        INSERT INTO event_gate (stage, event_high, event_low, outbox) VALUES (?1, ?2, ?3, ?4)
        ON CONFLICT (stage, event_high, event_low) DO NOTHING
        """

    private static let selectSQL = """
        SELECT outbox FROM event_gate WHERE stage = ?1 AND event_high = ?2 AND event_low = ?3
        """
}

/// The small integer that stands for a stage name in `event_gate` (`gate_stages`), assigned at first use.
enum StageCodes {
    static func code(of stage: String, in db: Database) throws -> Int64 {
        try db.execute(sql: "INSERT INTO gate_stages (name) VALUES (?) ON CONFLICT (name) DO NOTHING", arguments: [stage])
        guard let code = try Int64.fetchOne(db, sql: "SELECT code FROM gate_stages WHERE name = ?", arguments: [stage])
        else { throw OutboxCodec.Corrupt() }
        return code
    }
}
