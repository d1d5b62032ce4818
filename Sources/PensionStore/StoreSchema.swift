import GRDB

/// The database schema and its migrations.
///
/// - `enrollees`: one row per resident ID, found by `resident_key` (``ResidentKey``: the ID as an integer, unique),
///   or for an ID that has no key by its text (`enrollees_by_unkeyed_id`, a partial unique index). The text has no
///   index of its own, so a query by hand with `WHERE resident_id = ?` scans the table (a fraction of a second at
///   400,000 rows). `registered_at` is milliseconds since 1970 (UTC) of the first registration; `status` is
///   `registered`, `verified` or `rejected` after the latest decision.
///   `registration_events` and `decision_events` list the IDs of the events applied to the row, each as `,` and
///   the 36-character upper-case UUID; they make a redelivered event recognisable from the row it would change.
/// - `applied_events`: one row per event applied, written in the same transaction as its effect. Event IDs are
///   unique in it because the writers add a row only for an event not applied before; there is no unique index, as
///   an index on random UUIDs would cost a random B-tree insert per event.
/// - `orphan_decisions`: decisions that arrived before their resident's enrollee row (a replayed or reordered
///   topic); the registration that creates the row applies the latest of them and removes them.
/// - `event_counts`: events per stage, township and outcome, including `alreadyApplied` redeliveries.
/// - `dead_letters`: one row per parked message, keyed by its Kafka position.
/// - `household_register`: the reference register.
/// - `event_gate`: one row per stage (its code in `gate_stages`) and event ID applied since v4 (a unique index: the
///   store's idempotency key, the same on any backend), with the follow-ups decided for it (`outbox`), which a redelivery or replay re-sends
///   instead of deciding again. Events applied before v4 have no row; the writers' own checks still recognise
///   their redeliveries.
/// - `certificate_sequences`, `certificates`, `print_runs`, `print_pages`, `certificate_reprints` (v5): the
///   certificate stage's numbers, print runs, pages and reprint audit; see ``CertificateSchema``.
/// - v6 payouts (``PayoutSchema``), v7 operations: worker leases, lag samples, the offset-reset audit
///   (``OperationsSchema``).
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2: enrollee checks without IN lists") { db in
            try db.execute(sql: v2)
        }
        migrator.registerMigration("v3: enrollees keyed by an integer resident key") { db in
            db.add(function: residentKeyFunction)
            try db.execute(sql: v3)
        }
        migrator.registerMigration("v4: event gate with outbox") { db in
            try db.execute(sql: v4)
        }
        migrator.registerMigration("v5: certificates") { db in
            try db.execute(sql: CertificateSchema.v5)
        }
        migrator.registerMigration("v6: payouts") { db in
            try db.execute(sql: PayoutSchema.v6)
        }
        migrator.registerMigration("v7: operations") { db in
            try db.execute(sql: OperationsSchema.v7)
        }
        migrator.registerMigration("v8: dead-letter replays") {
            try $0.execute(sql: DeadLetterSchema.v8)
        }
        migrator.registerMigration("v9: metrics") {
            try $0.execute(sql: MetricsSchema.v9)
        }
        return migrator
    }

    private static let v1 = """
        CREATE TABLE enrollees (
            resident_id TEXT NOT NULL PRIMARY KEY CHECK (resident_id <> ''),
            name TEXT NOT NULL,
            sex TEXT NOT NULL CHECK (sex IN ('male', 'female')),
            ethnicity TEXT,
            household_number TEXT NOT NULL,
            village_code TEXT NOT NULL,
            township_code TEXT NOT NULL CHECK (township_code <> ''),
            contribution_tier_yuan INTEGER NOT NULL,
            phone TEXT,
            bank_account TEXT,
            registered_at INTEGER NOT NULL,
            last_registration_event TEXT NOT NULL,
            registrations INTEGER NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('registered', 'verified', 'rejected')),
            reject_reason TEXT,
            birth_date TEXT,
            decision_event TEXT,
            registration_events TEXT NOT NULL,
            decision_events TEXT NOT NULL DEFAULT ''
        );


        CREATE TABLE applied_events (
            event_id TEXT NOT NULL,
            stage TEXT NOT NULL,
            topic TEXT NOT NULL,
            "partition" INTEGER NOT NULL,
            "offset" INTEGER NOT NULL,
            outcome TEXT NOT NULL,
            township_code TEXT NOT NULL
        );

        CREATE TABLE orphan_decisions (
            event_id TEXT NOT NULL PRIMARY KEY,
            resident_id TEXT NOT NULL,
            status TEXT NOT NULL,
            reject_reason TEXT,
            birth_date TEXT
        );
        CREATE INDEX orphan_decisions_by_resident ON orphan_decisions (resident_id);

        CREATE TABLE event_counts (
            stage TEXT NOT NULL,
            township_code TEXT NOT NULL,
            outcome TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (stage, township_code, outcome)
        ) WITHOUT ROWID;

        CREATE TABLE dead_letters (
            topic TEXT NOT NULL,
            "partition" INTEGER NOT NULL,
            "offset" INTEGER NOT NULL,
            stage TEXT NOT NULL,
            township_code TEXT,
            error_code TEXT NOT NULL,
            error_field TEXT,
            PRIMARY KEY (topic, "partition", "offset")
        ) WITHOUT ROWID;
        CREATE INDEX dead_letters_by_stage ON dead_letters (stage, township_code);

        CREATE TABLE household_register (
            resident_id TEXT NOT NULL PRIMARY KEY,
            household_number TEXT NOT NULL,
            name TEXT NOT NULL
        ) WITHOUT ROWID;
        """

    /// The same `enrollees` table with its `sex` and `status` checks written as `=` comparisons: SQLite builds an
    /// ephemeral table for every `IN (…)` list it evaluates, which cost about 2 µs per upserted row.
    private static let v2 = """
        CREATE TABLE enrollees_v2 (
            resident_id TEXT NOT NULL PRIMARY KEY CHECK (resident_id <> ''),
            name TEXT NOT NULL,
            sex TEXT NOT NULL CHECK (sex = 'male' OR sex = 'female'),
            ethnicity TEXT,
            household_number TEXT NOT NULL,
            village_code TEXT NOT NULL,
            township_code TEXT NOT NULL CHECK (township_code <> ''),
            contribution_tier_yuan INTEGER NOT NULL,
            phone TEXT,
            bank_account TEXT,
            registered_at INTEGER NOT NULL,
            last_registration_event TEXT NOT NULL,
            registrations INTEGER NOT NULL,
            status TEXT NOT NULL CHECK (status = 'registered' OR status = 'verified' OR status = 'rejected'),
            reject_reason TEXT,
            birth_date TEXT,
            decision_event TEXT,
            registration_events TEXT NOT NULL,
            decision_events TEXT NOT NULL DEFAULT ''
        );
        INSERT INTO enrollees_v2 SELECT * FROM enrollees;
        DROP TABLE enrollees;
        ALTER TABLE enrollees_v2 RENAME TO enrollees;
        """

    /// `enrollees` keyed by ``ResidentKey`` (a unique index on an 8-byte integer) instead of its 18-character text;
    /// IDs without a key stay unique through a partial index on their text. `orphan_decisions` gets the key too, so
    /// adopting them joins on it.
    private static let v3 = """
        CREATE TABLE enrollees_v3 (
            resident_id TEXT NOT NULL CHECK (resident_id <> ''),
            name TEXT NOT NULL,
            sex TEXT NOT NULL CHECK (sex = 'male' OR sex = 'female'),
            ethnicity TEXT,
            household_number TEXT NOT NULL,
            village_code TEXT NOT NULL,
            township_code TEXT NOT NULL CHECK (township_code <> ''),
            contribution_tier_yuan INTEGER NOT NULL,
            phone TEXT,
            bank_account TEXT,
            registered_at INTEGER NOT NULL,
            last_registration_event TEXT NOT NULL,
            registrations INTEGER NOT NULL,
            status TEXT NOT NULL CHECK (status = 'registered' OR status = 'verified' OR status = 'rejected'),
            reject_reason TEXT,
            birth_date TEXT,
            decision_event TEXT,
            registration_events TEXT NOT NULL,
            decision_events TEXT NOT NULL DEFAULT '',
            resident_key INTEGER UNIQUE
        );
        INSERT INTO enrollees_v3 SELECT *, resident_key(resident_id) FROM enrollees;
        DROP TABLE enrollees;
        ALTER TABLE enrollees_v3 RENAME TO enrollees;
        CREATE UNIQUE INDEX enrollees_by_unkeyed_id ON enrollees (resident_id) WHERE resident_key IS NULL;
        ALTER TABLE orphan_decisions ADD COLUMN resident_key INTEGER;
        UPDATE orphan_decisions SET resident_key = resident_key(resident_id);
        """

    /// The event gate; the ID is split into two 64-bit halves (``EventGate/halves(_:)``), the stage is a code from
    /// `gate_stages`.
    private static let v4 = """
        CREATE TABLE gate_stages (
            code INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE
        );
        CREATE TABLE event_gate (
            stage INTEGER NOT NULL REFERENCES gate_stages (code),
            event_high INTEGER NOT NULL,
            event_low INTEGER NOT NULL,
            outbox BLOB NOT NULL
        );
        CREATE UNIQUE INDEX event_gate_by_event ON event_gate (stage, event_high, event_low);
        """

    /// `resident_key(text)`: ``ResidentKey/of(_:)`` in SQL, for the migration.
    private static let residentKeyFunction = DatabaseFunction("resident_key", argumentCount: 1, pure: true) { values in
        String.fromDatabaseValue(values[0]).flatMap(ResidentKey.of)
    }
}
