/// The dead-letter tools' tables, added by the migration `v8: dead-letter replays` (``StoreSchema``).
///
/// `dead_letters` gains `recorded_at` (milliseconds since 1970, UTC; `NULL` for letters recorded before v8) and
/// `replay_of` (the letter ID, `topic:partition:offset`, of the dead letter a replayed message came from).
/// `dead_letter_replays`: one row per letter ever replayed, keyed by its ID, so a letter is sent back at most once:
/// `claimed` before it is produced, `sent` with the new position once delivered. `dead_letter_reveals`: who showed
/// a letter's personal data unmasked, and when.
enum DeadLetterSchema {
    static let v8 = """
        ALTER TABLE dead_letters ADD COLUMN recorded_at INTEGER;
        ALTER TABLE dead_letters ADD COLUMN replay_of TEXT;

        CREATE TABLE dead_letter_replays (
            letter TEXT NOT NULL PRIMARY KEY,
            state TEXT NOT NULL CHECK (state = 'claimed' OR state = 'sent'),
            claimed_by TEXT NOT NULL,
            claimed_at INTEGER NOT NULL,
            sent_at INTEGER,
            topic TEXT,
            "partition" INTEGER,
            "offset" INTEGER,
            CHECK ((state = 'sent') = ("offset" IS NOT NULL))
        ) WITHOUT ROWID;

        CREATE TABLE dead_letter_reveals (
            id INTEGER PRIMARY KEY,
            letter TEXT NOT NULL,
            revealed_by TEXT NOT NULL,
            revealed_at INTEGER NOT NULL
        );
        """
}
