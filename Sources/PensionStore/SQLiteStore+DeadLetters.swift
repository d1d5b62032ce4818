import Foundation
import GRDB

extension SQLiteStore: DeadLetterStore {
    public func deadLetters(matching filter: DeadLetterFilter) async throws -> [StoredDeadLetter] {
        try await pool.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let stage = filter.stage {
                conditions.append("d.stage = ?")
                arguments += [stage]
            }
            if let code = filter.errorCode {
                conditions.append("d.error_code = ?")
                arguments += [code]
            }
            if let township = filter.townshipCode {
                conditions.append("d.township_code = ?")
                arguments += [township]
            }
            if let letters = filter.letters {
                guard !letters.isEmpty else { return [] }
                conditions.append(
                    "(" + letters.map { _ in #"(d.topic = ? AND d."partition" = ? AND d."offset" = ?)"# }
                        .joined(separator: " OR ") + ")")
                for letter in letters { arguments += [letter.topic, Int64(letter.partition), letter.offset] }
            }
            let condition = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let sql = """
                SELECT d.topic, d."partition", d."offset", d.stage, d.township_code, d.error_code, d.error_field,
                    d.recorded_at, d.replay_of, r.state, r.claimed_by, r.claimed_at, r.sent_at, r.topic, r."partition",
                    r."offset"
                FROM dead_letters d LEFT JOIN dead_letter_replays r ON r.letter = d.topic || ':' || d."partition" || ':' || d."offset"
                \(condition)
                ORDER BY d.topic, d."partition", d."offset"
                """
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.storedDeadLetter)
        }
    }

    public func deadLetterCodes() async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT error_code FROM dead_letters ORDER BY error_code")
        }
    }

    public func claimReplay(of letter: SourcePosition, by: String, at time: Date, takeUnconfirmed: Bool) async throws
        -> ReplayClaim
    {
        try await pool.write { db in
            let known = try Bool.fetchOne(
                db, sql: #"SELECT 1 FROM dead_letters WHERE topic = ? AND "partition" = ? AND "offset" = ?"#,
                arguments: [letter.topic, Int64(letter.partition), letter.offset]) ?? false
            guard known else { return .unknown }
            let id = letter.letterID
            if let row = try Row.fetchOne(
                db, sql: #"SELECT state, claimed_by, claimed_at, sent_at, topic, "partition", "offset" FROM dead_letter_replays WHERE letter = ?"#,
                arguments: [id])
            {
                let replay = Self.replay(row, from: 0)!
                guard replay.state == .claimed && takeUnconfirmed else { return .taken(replay) }
                try db.execute(
                    sql: "UPDATE dead_letter_replays SET claimed_by = ?, claimed_at = ? WHERE letter = ?",
                    arguments: [by, Self.milliseconds(time), id])
                return .claimed
            }
            try db.execute(
                sql: "INSERT INTO dead_letter_replays (letter, state, claimed_by, claimed_at) VALUES (?, 'claimed', ?, ?)",
                arguments: [id, by, Self.milliseconds(time)])
            return .claimed
        }
    }

    public func markReplaySent(of letter: SourcePosition, to position: SourcePosition, at time: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE dead_letter_replays SET state = 'sent', sent_at = ?, topic = ?, "partition" = ?, "offset" = ?
                    WHERE letter = ?
                    """,
                arguments: [
                    Self.milliseconds(time), position.topic, Int64(position.partition), position.offset, letter.letterID,
                ])
        }
    }

    public func recordReveal(of letter: SourcePosition, by: String, at time: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO dead_letter_reveals (letter, revealed_by, revealed_at) VALUES (?, ?, ?)",
                arguments: [letter.letterID, by, Self.milliseconds(time)])
        }
    }

    public func reveals(of letter: SourcePosition) async throws -> [DeadLetterReveal] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT revealed_by, revealed_at FROM dead_letter_reveals WHERE letter = ? ORDER BY id",
                arguments: [letter.letterID]
            ).map { DeadLetterReveal(by: $0[0], at: Self.date($0[1] as Int64)) }
        }
    }

    private static func storedDeadLetter(_ row: Row) -> StoredDeadLetter {
        let record = DeadLetterRecord(
            source: SourcePosition(topic: row[0], partition: Int32(row[1] as Int64), offset: row[2]), stage: row[3],
            townshipCode: row[4], errorCode: row[5], errorField: row[6], replayOf: row[8])
        return StoredDeadLetter(
            record: record, recordedAt: (row[7] as Int64?).map(date), replay: replay(row, from: 9))
    }

    /// The replay in the row's columns from `first` on: state, claimed by, claimed at, sent at, topic, partition,
    /// offset; `nil` when the state is `NULL` (no replay).
    private static func replay(_ row: Row, from first: Int) -> DeadLetterReplay? {
        guard let stateText = row[first] as String?, let state = DeadLetterReplay.State(rawValue: stateText) else {
            return nil
        }
        var sentTo: SourcePosition?
        if let topic = row[first + 4] as String?, let partition = row[first + 5] as Int64?,
            let offset = row[first + 6] as Int64?
        {
            sentTo = SourcePosition(topic: topic, partition: Int32(partition), offset: offset)
        }
        return DeadLetterReplay(
            state: state, by: row[first + 1], claimedAt: date(row[first + 2]),
            sentAt: (row[first + 3] as Int64?).map(date), sentTo: sentTo)
    }

    private static func milliseconds(_ time: Date) -> Int64 { Int64((time.timeIntervalSince1970 * 1000).rounded()) }
    private static func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
}
