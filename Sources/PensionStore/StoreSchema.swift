import GRDB

/// The database schema and its migrations.
///
/// - `enrollees`: one row per resident ID. `registered_at` is milliseconds since 1970 (UTC) of the first
///   registration; `status` is `registered`, `verified` or `rejected` after the latest decision.
/// - `applied_events`: one row per event ID applied, written in the same transaction as its effect.
/// - `dead_letters`: one row per parked message, keyed by its Kafka position.
/// - `redeliveries`: per stage and township, how many deliveries found their event already applied.
/// - `household_register`: the reference register.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: v1)
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
            decision_event TEXT
        ) WITHOUT ROWID;
        CREATE INDEX enrollees_by_township ON enrollees (township_code, status, reject_reason);

        CREATE TABLE applied_events (
            event_id TEXT NOT NULL PRIMARY KEY,
            stage TEXT NOT NULL,
            topic TEXT NOT NULL,
            "partition" INTEGER NOT NULL,
            "offset" INTEGER NOT NULL,
            outcome TEXT NOT NULL,
            township_code TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX applied_events_by_stage ON applied_events (stage, township_code, outcome);

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

        CREATE TABLE redeliveries (
            stage TEXT NOT NULL,
            township_code TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (stage, township_code)
        ) WITHOUT ROWID;

        CREATE TABLE household_register (
            resident_id TEXT NOT NULL PRIMARY KEY,
            household_number TEXT NOT NULL,
            name TEXT NOT NULL
        ) WITHOUT ROWID;
        """
}
