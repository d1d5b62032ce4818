/// The payout side's tables, added by the migration `v6: payouts` (``StoreSchema``).
enum PayoutSchema {
    /// Payouts: the register's relationship to the head of household, sex and birth date (`YYYY-MM-DD`), with an
    /// index by household; `eligibility`, one row per verified resident (kind `pensioner` or `contributor`;
    /// status `eligible`, `held` with `held_reason`, or `contributor`; `released` = 1 for a pensioner released from
    /// a family-binding hold; amounts in fen; `verified_on` the business day of the resident's verification;
    /// `eligible_on` the latest of the pensioner's and their binding members' `verified_on`, not before the scheme's
    /// start, so it does not depend on the order of arrival; `decided_by_event` the `id.verified` event that made the
    /// current status); `bank_cards` (the latest card per resident; `closed` after the bank reported it closed or missing);
    /// `payout_ledger`, one payment per pensioner and month (its primary key: the store, not code, makes a second
    /// one impossible), `held_no_card` → `ready` → `batched` → `paid`, a failure sending it back to `ready`
    /// (`rejected_by_bank`), to `held_no_card` (`no_card`, `closed_account`) or to `stopped` (`suspended`,
    /// `deceased`); `bank_batches` and their `bank_batch_records` (a resident at most once per month and attempt);
    /// `notices`, the public-notice posting of each pensioner.
    static let v6 = """
        ALTER TABLE household_register ADD COLUMN relationship TEXT;
        ALTER TABLE household_register ADD COLUMN sex TEXT;
        ALTER TABLE household_register ADD COLUMN birth_date TEXT;
        ALTER TABLE household_register ADD COLUMN exemption TEXT;
        CREATE INDEX household_register_by_household ON household_register (household_number, birth_date);

        CREATE TABLE eligibility (
            resident_id TEXT NOT NULL PRIMARY KEY,
            household_number TEXT NOT NULL,
            township_code TEXT NOT NULL,
            village_code TEXT NOT NULL,
            name TEXT NOT NULL,
            sex TEXT NOT NULL,
            birth_date TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind = 'pensioner' OR kind = 'contributor'),
            status TEXT NOT NULL CHECK (status = 'eligible' OR status = 'held' OR status = 'contributor'),
            held_reason TEXT CHECK ((status = 'held') = (held_reason IS NOT NULL)),
            released INTEGER NOT NULL DEFAULT 0,
            tier_yuan INTEGER,
            monthly_amount_fen INTEGER CHECK (monthly_amount_fen IS NULL OR monthly_amount_fen >= 0),
            eligible_on TEXT,
            first_paid_month TEXT,
            bank_account TEXT,
            verified_on TEXT NOT NULL,
            verification_event TEXT NOT NULL,
            decided_by_event TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX eligibility_by_household ON eligibility (household_number, status);
        CREATE INDEX eligibility_by_village ON eligibility (village_code, status);

        CREATE TABLE bank_cards (
            resident_id TEXT NOT NULL PRIMARY KEY,
            card_number TEXT NOT NULL,
            issued_on TEXT NOT NULL,
            closed INTEGER NOT NULL DEFAULT 0 CHECK (closed = 0 OR closed = 1)
        ) WITHOUT ROWID;

        CREATE TABLE payout_ledger (
            resident_id TEXT NOT NULL,
            month TEXT NOT NULL CHECK (length(month) = 7),
            township_code TEXT NOT NULL,
            village_code TEXT NOT NULL,
            amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
            status TEXT NOT NULL CHECK (status = 'held_no_card' OR status = 'ready' OR status = 'batched'
                OR status = 'paid' OR status = 'stopped'),
            failure_reason TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            batch_id TEXT,
            request_event TEXT NOT NULL,
            PRIMARY KEY (resident_id, month)
        ) WITHOUT ROWID;
        CREATE INDEX payout_ledger_by_month ON payout_ledger (month, status, township_code);

        CREATE TABLE bank_batches (
            batch_id TEXT NOT NULL PRIMARY KEY,
            month TEXT NOT NULL,
            township_code TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            records INTEGER NOT NULL CHECK (records > 0),
            total_fen INTEGER NOT NULL CHECK (total_fen > 0),
            UNIQUE (month, township_code, sequence)
        ) WITHOUT ROWID;

        CREATE TABLE bank_batch_records (
            batch_id TEXT NOT NULL REFERENCES bank_batches (batch_id),
            line INTEGER NOT NULL,
            resident_id TEXT NOT NULL,
            month TEXT NOT NULL,
            attempt INTEGER NOT NULL CHECK (attempt > 0),
            amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
            card_number TEXT NOT NULL,
            PRIMARY KEY (batch_id, line),
            UNIQUE (resident_id, month, attempt)
        ) WITHOUT ROWID;

        CREATE TABLE notices (
            resident_id TEXT NOT NULL PRIMARY KEY,
            village_code TEXT NOT NULL,
            posted_on TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX notices_by_posting ON notices (posted_on, village_code);
        """
}
