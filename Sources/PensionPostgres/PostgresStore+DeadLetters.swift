import Foundation
import PensionDomain
import PensionStore
import PostgresNIO

extension PostgresStore {
    public func deadLetters(matching filter: DeadLetterFilter) async throws -> [StoredDeadLetter] {
        if let letters = filter.letters, letters.isEmpty { return [] }
        let logger = logger
        var query = PostgresQuery(
            unsafeSQL: """
                SELECT d.topic, d."partition", d."offset", d.stage, d.township_code, d.error_code, d.error_field,
                    d.recorded_at, d.replay_of, r.state, r.claimed_by, r.claimed_at, r.sent_at, r.topic, r."partition",
                    r."offset"
                FROM dead_letters d
                LEFT JOIN dead_letter_replays r ON r.letter = d.topic || ':' || d."partition" || ':' || d."offset"
                WHERE ($1::text IS NULL OR d.stage = $1) AND ($2::text IS NULL OR d.error_code = $2)
                    AND ($3::text IS NULL OR d.township_code = $3)
                    AND ($4::text[] IS NULL OR d.topic || ':' || d."partition" || ':' || d."offset" = ANY($4))
                ORDER BY d.topic COLLATE "C", d."partition", d."offset"
                """)
        query.binds.append(filter.stage)
        query.binds.append(filter.errorCode)
        query.binds.append(filter.townshipCode)
        query.binds.append(filter.letters?.map(\.letterID))
        let filtered = query
        return try await connection("reading dead letters") { connection in
            try await connection.run(filtered, logger).map(Self.storedDeadLetter)
        }
    }

    public func deadLetterCodes() async throws -> [String] {
        let logger = logger
        return try await connection("reading dead-letter codes") { connection in
            try await connection.run(#"SELECT error_code FROM dead_letters GROUP BY error_code ORDER BY error_code COLLATE "C""#, logger)
                .map { try $0.decode(String.self) }
        }
    }

    public func claimReplay(of letter: SourcePosition, by: String, at time: Date, takeUnconfirmed: Bool) async throws
        -> ReplayClaim
    {
        let logger = logger
        let id = letter.letterID
        let claimedAt = Self.milliseconds(time)
        return try await transaction("claiming a dead letter for replay") { connection in
            let known = try await connection.run(
                """
                SELECT 1 FROM dead_letters
                WHERE topic = \(letter.topic) AND "partition" = \(letter.partition) AND "offset" = \(letter.offset)
                """, logger)
            guard !known.isEmpty else { return .unknown }
            // The row lock makes two concurrent claims of one letter take turns.
            if let row = try await connection.run(
                """
                SELECT state, claimed_by, claimed_at, sent_at, topic, "partition", "offset" FROM dead_letter_replays
                WHERE letter = \(id) FOR UPDATE
                """, logger
            ).first {
                let replay = try Self.replay(row.makeRandomAccess(), from: 0)!
                guard replay.state == .claimed && takeUnconfirmed else { return .taken(replay) }
                try await connection.run(
                    "UPDATE dead_letter_replays SET claimed_by = \(by), claimed_at = \(claimedAt) WHERE letter = \(id)",
                    logger)
                return .claimed
            }
            let inserted = try await connection.run(
                """
                INSERT INTO dead_letter_replays (letter, state, claimed_by, claimed_at)
                VALUES (\(id), 'claimed', \(by), \(claimedAt))
                ON CONFLICT (letter) DO NOTHING RETURNING 1
                """, logger)
            if inserted.isEmpty {
                // Another process claimed it between the read and the insert.
                let row = try await connection.run(
                    """
                    SELECT state, claimed_by, claimed_at, sent_at, topic, "partition", "offset"
                    FROM dead_letter_replays WHERE letter = \(id)
                    """, logger)
                guard let first = row.first, let replay = try Self.replay(first.makeRandomAccess(), from: 0) else {
                    return .unknown
                }
                return .taken(replay)
            }
            return .claimed
        }
    }

    public func markReplaySent(of letter: SourcePosition, to position: SourcePosition, at time: Date) async throws {
        let logger = logger
        try await connection("recording a dead-letter replay") { connection in
            try await connection.run(
                """
                UPDATE dead_letter_replays SET state = 'sent', sent_at = \(Self.milliseconds(time)),
                    topic = \(position.topic), "partition" = \(position.partition), "offset" = \(position.offset)
                WHERE letter = \(letter.letterID)
                """, logger)
        }
    }

    public func recordReveal(of letter: SourcePosition, by: String, at time: Date) async throws {
        let logger = logger
        try await connection("recording a dead-letter reveal") { connection in
            try await connection.run(
                """
                INSERT INTO dead_letter_reveals (letter, revealed_by, revealed_at)
                VALUES (\(letter.letterID), \(by), \(Self.milliseconds(time)))
                """, logger)
        }
    }

    public func reveals(of letter: SourcePosition) async throws -> [DeadLetterReveal] {
        let logger = logger
        return try await connection("reading dead-letter reveals") { connection in
            try await connection.run(
                "SELECT revealed_by, revealed_at FROM dead_letter_reveals WHERE letter = \(letter.letterID) ORDER BY id",
                logger
            ).map {
                let (by, at) = try $0.decode((String, Int64).self)
                return DeadLetterReveal(by: by, at: Self.date(at))
            }
        }
    }

    private static func storedDeadLetter(_ row: PostgresRow) throws -> StoredDeadLetter {
        let cells = row.makeRandomAccess()
        let record = DeadLetterRecord(
            source: SourcePosition(
                topic: try cells[0].decode(String.self), partition: try cells[1].decode(Int32.self),
                offset: try cells[2].decode(Int64.self)),
            stage: try cells[3].decode(String.self), townshipCode: try cells[4].decode(String?.self),
            errorCode: try cells[5].decode(String.self), errorField: try cells[6].decode(String?.self),
            replayOf: try cells[8].decode(String?.self))
        return StoredDeadLetter(
            record: record, recordedAt: try cells[7].decode(Int64?.self).map(date), replay: try replay(cells, from: 9))
    }

    /// The replay in the row's columns from `first` on: state, claimed by, claimed at, sent at, topic, partition,
    /// offset; `nil` when the state is `NULL` (no replay).
    private static func replay(_ cells: PostgresRandomAccessRow, from first: Int) throws -> DeadLetterReplay? {
        guard let stateText = try cells[first].decode(String?.self),
            let state = DeadLetterReplay.State(rawValue: stateText)
        else { return nil }
        var sentTo: SourcePosition?
        if let topic = try cells[first + 4].decode(String?.self),
            let partition = try cells[first + 5].decode(Int32?.self),
            let offset = try cells[first + 6].decode(Int64?.self)
        {
            sentTo = SourcePosition(topic: topic, partition: partition, offset: offset)
        }
        return DeadLetterReplay(
            state: state, by: try cells[first + 1].decode(String.self),
            claimedAt: date(try cells[first + 2].decode(Int64.self)),
            sentAt: try cells[first + 3].decode(Int64?.self).map(date), sentTo: sentTo)
    }

    static func milliseconds(_ time: Date) -> Int64 { Int64((time.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
}
