import GRDB

/// Writes the `dead_letters` table inside the caller's transaction.
enum DeadLetterTable {
    /// Records dead letters; one already recorded at the same position is left as it was.
    static func record(_ deadLetters: [DeadLetterRecord], in db: Database) throws {
        guard !deadLetters.isEmpty else { return }
        var statement = try FastStatement(db, sql: insertDeadLetter)
        for letter in deadLetters {
            statement.start()
            statement.bind(letter.source.topic)
            statement.bind(Int64(letter.source.partition))
            statement.bind(letter.source.offset)
            statement.bind(letter.stage)
            statement.bind(letter.townshipCode)
            statement.bind(letter.errorCode)
            statement.bind(letter.errorField)
            try statement.run()
        }
    }

    private static let insertDeadLetter = """
        INSERT INTO dead_letters (topic, "partition", "offset", stage, township_code, error_code, error_field)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
        ON CONFLICT (topic, "partition", "offset") DO NOTHING
        """
}
