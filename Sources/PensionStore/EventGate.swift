import Foundation
import GRDB

/// The store's idempotency key: one `event_gate` row per stage and event ID (a unique index), written in the
/// batch's transaction together with the event's outbox.
///
/// ``admit(_:outbox:)`` inserts the row and tells whether the event is new at this stage; for an event seen before it
/// leaves the row as it was, and ``storedOutbox(_:)`` reads what was decided then. The ID is kept as two 64-bit
/// integers, so an index entry is about 25 bytes instead of the 50 of its text.
struct EventGate {
    private let stage: String
    private var insert: FastStatement
    private var select: FastStatement

    init(_ db: Database, stage: String) throws {
        self.stage = stage
        insert = try FastStatement(db, sql: Self.insertSQL)
        select = try FastStatement(db, sql: Self.selectSQL)
    }

    /// Records the event with its outbox; `false` when this stage had it already.
    mutating func admit(_ eventId: UUID, outbox: [OutboxMessage]) throws -> Bool {
        let (high, low) = Self.halves(eventId)
        insert.start()
        insert.bind(stage)
        insert.bind(high)
        insert.bind(low)
        insert.bind(bytes: OutboxCodec.encode(outbox))
        return try insert.run() > 0
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
