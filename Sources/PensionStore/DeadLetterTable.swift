import Foundation
import GRDB

/// Writes the `dead_letters` table inside the caller's transaction.
enum DeadLetterTable {
    /// Records dead letters, stamped with the time of the call; one already recorded at the same position is left as it was.
    static func record(_ deadLetters: [DeadLetterRecord], in db: Database) throws {
        guard !deadLetters.isEmpty else { return }
        var statement = try FastStatement(db, sql: insertDeadLetter)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        for letter in deadLetters {
            statement.start()
            statement.bind(letter.source.topic)
            statement.bind(Int64(letter.source.partition))
            statement.bind(letter.source.offset)
            statement.bind(letter.stage)
            statement.bind(letter.townshipCode)
            statement.bind(letter.errorCode)
            statement.bind(letter.errorField)
            statement.bind(now)
            statement.bind(letter.replayOf)
            try statement.run()
        }
    }

    private static let insertDeadLetter = """
        INSERT INTO dead_letters (
            topic, "partition", "offset", stage, township_code, error_code, error_field, recorded_at, replay_of
        )
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
        ON CONFLICT (topic, "partition", "offset") DO NOTHING
        """
}
