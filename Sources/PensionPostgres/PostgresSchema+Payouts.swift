extension PostgresSchema {
    /// Eligibility, bank cards, the payout ledger (its primary key allows one payment per pensioner and month), bank
    /// batches and notices; see ``SQLiteStore``'s `PayoutSchema` for the meaning of each column. The register's
    /// columns and index are in ``core``. Flags (`released`, `closed`) stay integers 0 and 1; queries compare and
    /// sort days, months and IDs with `COLLATE "C"`, byte by byte as SQLite does.
    static let payouts = Migration(
        id: "v2: payouts (eligibility, bank cards, ledger, batches, notices)",
        statements: [
            """
            CREATE TABLE eligibility (
                resident_id TEXT NOT NULL PRIMARY KEY,
                household_number TEXT NOT NULL,
                township_code TEXT NOT NULL,
                village_code TEXT NOT NULL,
                name TEXT NOT NULL,
                sex TEXT NOT NULL,
                birth_date TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('pensioner', 'contributor')),
                status TEXT NOT NULL CHECK (status IN ('eligible', 'held', 'contributor')),
                held_reason TEXT CHECK ((status = 'held') = (held_reason IS NOT NULL)),
                released BIGINT NOT NULL DEFAULT 0,
                tier_yuan BIGINT,
                monthly_amount_fen BIGINT CHECK (monthly_amount_fen IS NULL OR monthly_amount_fen >= 0),
                eligible_on TEXT,
                first_paid_month TEXT,
                bank_account TEXT,
                verified_on TEXT NOT NULL,
                verification_event TEXT NOT NULL,
                decided_by_event TEXT NOT NULL
            )
            """,
            "CREATE INDEX eligibility_by_household ON eligibility (household_number, status)",
            "CREATE INDEX eligibility_by_village ON eligibility (village_code, status)",
            """
            CREATE TABLE bank_cards (
                resident_id TEXT NOT NULL PRIMARY KEY,
                card_number TEXT NOT NULL,
                issued_on TEXT NOT NULL,
                closed BIGINT NOT NULL DEFAULT 0 CHECK (closed IN (0, 1))
            )
            """,
            """
            CREATE TABLE payout_ledger (
                resident_id TEXT NOT NULL,
                month TEXT NOT NULL CHECK (length(month) = 7),
                township_code TEXT NOT NULL,
                village_code TEXT NOT NULL,
                amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
                status TEXT NOT NULL CHECK (status IN ('held_no_card', 'ready', 'batched', 'paid', 'stopped')),
                failure_reason TEXT,
                attempts BIGINT NOT NULL DEFAULT 0,
                batch_id TEXT,
                request_event TEXT NOT NULL,
                PRIMARY KEY (resident_id, month)
            )
            """,
            "CREATE INDEX payout_ledger_by_month ON payout_ledger (month, status, township_code)",
            """
            CREATE TABLE bank_batches (
                batch_id TEXT NOT NULL PRIMARY KEY,
                month TEXT NOT NULL,
                township_code TEXT NOT NULL,
                sequence BIGINT NOT NULL,
                records BIGINT NOT NULL CHECK (records > 0),
                total_fen BIGINT NOT NULL CHECK (total_fen > 0),
                UNIQUE (month, township_code, sequence)
            )
            """,
            """
            CREATE TABLE bank_batch_records (
                batch_id TEXT NOT NULL REFERENCES bank_batches (batch_id),
                line BIGINT NOT NULL,
                resident_id TEXT NOT NULL,
                month TEXT NOT NULL,
                attempt BIGINT NOT NULL CHECK (attempt > 0),
                amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
                card_number TEXT NOT NULL,
                PRIMARY KEY (batch_id, line),
                UNIQUE (resident_id, month, attempt)
            )
            """,
            """
            CREATE TABLE notices (
                resident_id TEXT NOT NULL PRIMARY KEY,
                village_code TEXT NOT NULL,
                posted_on TEXT NOT NULL
            )
            """,
            "CREATE INDEX notices_by_posting ON notices (posted_on, village_code)",
        ])
}
