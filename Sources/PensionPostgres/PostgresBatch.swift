import Foundation
import Logging
import NIOCore
import PensionDomain
import PensionStore
import PostgresNIO

/// The store's idempotency key on PostgreSQL: one `event_gate` row per stage and event ID (the primary key), written
/// in the batch's transaction with the event's outbox. One statement admits a whole batch.
enum PostgresEventGate {
    /// Records each event with its outbox; per event, in order, whether it is new at this stage (an ID the stage had
    /// already, or one repeated earlier in `events`, is not).
    static func admit<Record>(
        _ events: [StageEvent<Record>], stage: String, on connection: PostgresConnection, _ logger: Logger
    ) async throws -> [Bool] {
        guard !events.isEmpty else { return [] }
        let ids = events.map(\.record.eventId)
        let outboxes = events.map { ByteBuffer(bytes: OutboxCodec.encode($0.outbox)) }
        var inserted: Set<UUID> = []
        for row in try await connection.run(
            """
            INSERT INTO event_gate (stage, event_id, outbox)
            SELECT \(stage), e.id, e.outbox FROM unnest(\(ids)::uuid[], \(outboxes)::bytea[]) WITH ORDINALITY
                AS e (id, outbox, n)
            ORDER BY e.n
            ON CONFLICT (stage, event_id) DO NOTHING
            RETURNING event_id
            """, logger)
        {
            inserted.insert(try row.decode(UUID.self))
        }
        return ids.map { inserted.remove($0) != nil }
    }

    /// The outboxes stored with events this stage applied before.
    static func storedOutboxes(
        _ ids: [UUID], stage: String, on connection: PostgresConnection, _ logger: Logger
    ) async throws -> [UUID: [OutboxMessage]] {
        guard !ids.isEmpty else { return [:] }
        var stored: [UUID: [OutboxMessage]] = [:]
        for row in try await connection.run(
            "SELECT event_id, outbox FROM event_gate WHERE stage = \(stage) AND event_id = ANY(\(ids)::uuid[])", logger)
        {
            let (id, bytes) = try row.decode((UUID, ByteBuffer).self)
            stored[id] = try Array(bytes.readableBytesView).withUnsafeBytes { try OutboxCodec.decode($0) }
        }
        return stored
    }
}

/// One `applied_events` row.
struct AppliedEventRow {
    var eventId: UUID
    var stage: String
    var source: SourcePosition
    var outcome: String
    var townshipCode: String
}

/// The tables every stage's batch writes: applied events, event counts, dead letters.
enum PostgresBatchTables {
    /// Appends `applied_events` rows in one statement.
    static func recordApplied(_ rows: [AppliedEventRow], on connection: PostgresConnection, _ logger: Logger)
        async throws
    {
        guard !rows.isEmpty else { return }
        try await connection.run(
            """
            INSERT INTO applied_events (event_id, stage, topic, "partition", "offset", outcome, township_code)
            SELECT * FROM unnest(\(rows.map(\.eventId.wireString))::text[], \(rows.map(\.stage))::text[],
                \(rows.map(\.source.topic))::text[], \(rows.map(\.source.partition))::int[],
                \(rows.map(\.source.offset))::bigint[], \(rows.map(\.outcome))::text[], \(rows.map(\.townshipCode))::text[])
            """, logger)
    }

    /// The end of a registration or verification writer: the new events' `applied_events` rows (in batch order) and
    /// the batch's counts by township and outcome.
    static func finish<Record: StageRecord, Outcome: RawRepresentable & Equatable>(
        _ records: [Record], _ outcomes: [Outcome], stage: String, outcomes kinds: [Outcome],
        alreadyApplied: Outcome, on connection: PostgresConnection, _ logger: Logger
    ) async throws where Outcome.RawValue == String {
        var applied: [AppliedEventRow] = []
        var tally = EventTally(stage: stage, outcomes: kinds.map(\.rawValue))
        for (record, outcome) in zip(records, outcomes) {
            if outcome != alreadyApplied {
                applied.append(
                    AppliedEventRow(
                        eventId: record.eventId, stage: stage, source: record.source, outcome: outcome.rawValue,
                        townshipCode: record.townshipCode))
            }
            tally.add(townshipCode: record.townshipCode, outcome: kinds.firstIndex(of: outcome) ?? 0)
        }
        try await recordApplied(applied, on: connection, logger)
        try await write(tally, on: connection, logger)
    }

    /// Adds a batch's counts to `event_counts`, in key order, so concurrent batches lock the rows in one order.
    static func write(_ tally: EventTally, on connection: PostgresConnection, _ logger: Logger) async throws {
        let entries = tally.entries
        guard !entries.isEmpty else { return }
        try await connection.run(
            """
            INSERT INTO event_counts (stage, township_code, outcome, count)
            SELECT \(tally.stageName), t.township, t.outcome, t.count
            FROM unnest(\(entries.map(\.townshipCode))::text[], \(entries.map(\.outcome))::text[],
                \(entries.map { Int64($0.count) })::bigint[]) AS t (township, outcome, count)
            ORDER BY t.township COLLATE "C", t.outcome COLLATE "C"
            ON CONFLICT (stage, township_code, outcome) DO UPDATE SET count = event_counts.count + excluded.count
            """, logger)
    }

    /// Records dead letters, stamped with the time of the call; one already recorded at the same position is left
    /// as it was.
    static func record(_ deadLetters: [DeadLetterRecord], on connection: PostgresConnection, _ logger: Logger)
        async throws
    {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        for letter in deadLetters {
            try await connection.run(
                """
                INSERT INTO dead_letters (
                    topic, "partition", "offset", stage, township_code, error_code, error_field, recorded_at, replay_of)
                VALUES (\(letter.source.topic), \(letter.source.partition), \(letter.source.offset), \(letter.stage),
                    \(letter.townshipCode), \(letter.errorCode), \(letter.errorField), \(now), \(letter.replayOf))
                ON CONFLICT (topic, "partition", "offset") DO NOTHING
                """, logger)
        }
    }
}

extension PostgresStore {
    /// One transaction: each event through the gate (new ones stored with their outbox, repeats answered with the
    /// stored one and counted as `alreadyApplied`), the new events' effects through `writer`, the dead letters.
    func apply<Record: StageRecord, Outcome: Sendable>(
        _ batch: StageBatch<Record>, stage: String,
        writer: @escaping @Sendable ([Record], PostgresConnection, Logger) async throws -> [Outcome]
    ) async throws -> [AppliedEvent<Outcome>] {
        let logger = logger
        return try await transaction("applying a \(stage) batch") { connection in
            let admitted = try await PostgresEventGate.admit(batch.events, stage: stage, on: connection, logger)
            var repeats = EventTally(stage: stage, outcomes: ["alreadyApplied"])
            var fresh: [Record] = []
            fresh.reserveCapacity(batch.events.count)
            for index in batch.events.indices {
                if admitted[index] {
                    fresh.append(batch.events[index].record)
                } else {
                    repeats.add(townshipCode: batch.events[index].record.townshipCode, outcome: 0)
                }
            }
            var outcomes = try await writer(fresh, connection, logger).makeIterator()
            // Read after the writer, which may finish the outboxes of this batch's new events.
            let repeatedIds = batch.events.indices.filter { !admitted[$0] }.map { batch.events[$0].record.eventId }
            let stored = try await PostgresEventGate.storedOutboxes(repeatedIds, stage: stage, on: connection, logger)
            try await PostgresBatchTables.write(repeats, on: connection, logger)
            try await PostgresBatchTables.record(batch.deadLetters, on: connection, logger)
            return try batch.events.indices.map { index -> AppliedEvent<Outcome> in
                if admitted[index] { return .applied(outcomes.next()!) }
                guard let outbox = stored[batch.events[index].record.eventId] else { throw OutboxCodec.Corrupt() }
                return .alreadyApplied(outbox: outbox)
            }
        }
    }
}

/// Splits a batch for set-based statements: one statement may not touch a row twice (`ON CONFLICT DO UPDATE`), and
/// a row's later event must see the earlier one's effect.
enum PostgresBatchRuns {
    /// The records' indices in consecutive runs in which no key repeats; a run ends before the first record that
    /// shares a key with one already in it.
    static func distinct<Record>(_ records: [Record], by keys: (Record) -> [String]) -> [[Int]] {
        var runs: [[Int]] = []
        var run: [Int] = []
        var seen: Set<String> = []
        for index in records.indices {
            let recordKeys = keys(records[index])
            if recordKeys.contains(where: seen.contains) {
                runs.append(run)
                run = []
                seen = []
            }
            run.append(index)
            seen.formUnion(recordKeys)
        }
        if !run.isEmpty { runs.append(run) }
        return runs
    }
}

/// A `text[]` parameter whose elements may be NULL (postgres-nio's arrays take no optionals), in PostgreSQL's binary
/// array format: dimensions, has-nulls flag, element type, length and lower bound, then each element's byte count
/// (-1 for NULL) and bytes.
struct NullableTextArray: PostgresNonThrowingEncodable {
    var elements: [String?]

    init(_ elements: [String?]) { self.elements = elements }

    static var psqlType: PostgresDataType { .textArray }
    static var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        buffer.writeInteger(elements.isEmpty ? 0 : 1, as: Int32.self)
        buffer.writeInteger(elements.contains(nil) ? 1 : 0, as: Int32.self)
        buffer.writeInteger(PostgresDataType.text.rawValue)
        guard !elements.isEmpty else { return }
        buffer.writeInteger(Int32(elements.count))
        buffer.writeInteger(1, as: Int32.self)
        for element in elements {
            if let element {
                buffer.writeInteger(Int32(element.utf8.count))
                buffer.writeString(element)
            } else {
                buffer.writeInteger(-1, as: Int32.self)
            }
        }
    }
}
