extension PostgresSchema {
    /// The enrollees, the applied events and their counts, decisions waiting for their enrollee, the household
    /// register, the dead letters and the event gate; see ``SQLiteStore``'s `StoreSchema` for the meaning of each
    /// column. Differences: `enrollees` is keyed by its text (no integer key needed), `orphan_decisions` keeps its
    /// order of arrival in `seq`, and the gate stores the stage name and the event ID as `uuid`.
    static let core = Migration(
        id: "v1: core",
        statements: [
            """
            CREATE TABLE enrollees (
                resident_id TEXT NOT NULL PRIMARY KEY CHECK (resident_id <> ''),
                name TEXT NOT NULL,
                sex TEXT NOT NULL CHECK (sex IN ('male', 'female')),
                ethnicity TEXT,
                household_number TEXT NOT NULL,
                village_code TEXT NOT NULL,
                township_code TEXT NOT NULL CHECK (township_code <> ''),
                contribution_tier_yuan BIGINT NOT NULL,
                phone TEXT,
                bank_account TEXT,
                registered_at BIGINT NOT NULL,
                last_registration_event TEXT NOT NULL,
                registrations BIGINT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('registered', 'verified', 'rejected')),
                reject_reason TEXT,
                birth_date TEXT,
                decision_event TEXT,
                registration_events TEXT NOT NULL,
                decision_events TEXT NOT NULL DEFAULT ''
            )
            """,
            """
            CREATE TABLE applied_events (
                event_id TEXT NOT NULL,
                stage TEXT NOT NULL,
                topic TEXT NOT NULL,
                "partition" INTEGER NOT NULL,
                "offset" BIGINT NOT NULL,
                outcome TEXT NOT NULL,
                township_code TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE orphan_decisions (
                seq BIGINT GENERATED ALWAYS AS IDENTITY,
                event_id TEXT NOT NULL PRIMARY KEY,
                resident_id TEXT NOT NULL,
                status TEXT NOT NULL,
                reject_reason TEXT,
                birth_date TEXT
            )
            """,
            "CREATE INDEX orphan_decisions_by_resident ON orphan_decisions (resident_id)",
            """
            CREATE TABLE event_counts (
                stage TEXT NOT NULL,
                township_code TEXT NOT NULL,
                outcome TEXT NOT NULL,
                count BIGINT NOT NULL,
                PRIMARY KEY (stage, township_code, outcome)
            )
            """,
            """
            CREATE TABLE dead_letters (
                topic TEXT NOT NULL,
                "partition" INTEGER NOT NULL,
                "offset" BIGINT NOT NULL,
                stage TEXT NOT NULL,
                township_code TEXT,
                error_code TEXT NOT NULL,
                error_field TEXT,
                recorded_at BIGINT,
                replay_of TEXT,
                PRIMARY KEY (topic, "partition", "offset")
            )
            """,
            "CREATE INDEX dead_letters_by_stage ON dead_letters (stage, township_code)",
            """
            CREATE TABLE household_register (
                resident_id TEXT NOT NULL PRIMARY KEY,
                household_number TEXT NOT NULL,
                name TEXT NOT NULL,
                relationship TEXT,
                sex TEXT,
                birth_date TEXT,
                exemption TEXT
            )
            """,
            "CREATE INDEX household_register_by_household ON household_register (household_number, birth_date)",
            """
            CREATE TABLE event_gate (
                stage TEXT NOT NULL,
                event_id UUID NOT NULL,
                outbox BYTEA NOT NULL,
                PRIMARY KEY (stage, event_id)
            )
            """,
        ])

    /// The dead-letter tools: one replay per letter (claimed, then sent) and the audit of unmasked views.
    static let deadLetters = Migration(
        id: "v4: dead-letter replays",
        statements: [
            """
            CREATE TABLE dead_letter_replays (
                letter TEXT NOT NULL PRIMARY KEY,
                state TEXT NOT NULL CHECK (state IN ('claimed', 'sent')),
                claimed_by TEXT NOT NULL,
                claimed_at BIGINT NOT NULL,
                sent_at BIGINT,
                topic TEXT,
                "partition" INTEGER,
                "offset" BIGINT,
                CHECK ((state = 'sent') = ("offset" IS NOT NULL))
            )
            """,
            """
            CREATE TABLE dead_letter_reveals (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                letter TEXT NOT NULL,
                revealed_by TEXT NOT NULL,
                revealed_at BIGINT NOT NULL
            )
            """,
        ])
}
