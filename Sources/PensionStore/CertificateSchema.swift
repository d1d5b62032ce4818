/// The certificate tables (migration `v5: certificates`).
///
/// - `certificate_sequences`: the last sequence number given out per township; numbers are
///   `<township code>-<6-digit sequence>`, so they are never reused even if a certificate row were removed.
/// - `certificates`: one row per certificate, with what its page shows (the print job's fields and the issue date).
///   The number is the key; `resident_id` is unique (one certificate per pensioner) and so is
///   `(township_code, sequence)`. `reprints` counts reprints.
/// - `print_runs`: one row per PDF: the certificates of one village first printed in one batch (`kind = 'issue'`) or
///   one reprint (`'reprint'`). `status` is `assigned` (pages decided, file not yet written), `rendered` (the file
///   is durable in the spool), `sending` (claimed at `claimed_at` by one process to hand to the printer `printer`)
///   or `sent` (handed to CUPS as job `cups_job`). `run_id` is `AUTOINCREMENT`, so a run number is never reused.
/// - `print_pages`: the pages of each run, unique per `(run_id, page)`, and unique per `(certificate_number,
///   reprint)`: the original page (reprint 0) and each reprint can be printed once only.
/// - `certificate_reprints`: the audit of reprints: who, when (ms since 1970, UTC), why, and the run that printed it.
enum CertificateSchema {
    static let v5 = """
        CREATE TABLE certificate_sequences (
            township_code TEXT NOT NULL PRIMARY KEY,
            last_sequence INTEGER NOT NULL CHECK (last_sequence >= 0)
        ) WITHOUT ROWID;

        CREATE TABLE certificates (
            number TEXT NOT NULL PRIMARY KEY,
            township_code TEXT NOT NULL,
            sequence INTEGER NOT NULL CHECK (sequence > 0),
            resident_id TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            sex TEXT NOT NULL CHECK (sex = 'male' OR sex = 'female'),
            birth_date TEXT NOT NULL,
            village_code TEXT NOT NULL,
            benefit_type TEXT NOT NULL,
            monthly_amount_fen INTEGER NOT NULL CHECK (monthly_amount_fen > 0),
            first_paid_month TEXT NOT NULL,
            bank_account_masked TEXT,
            eligible_on TEXT NOT NULL,
            eligibility_event TEXT NOT NULL,
            request_event TEXT NOT NULL,
            issued_on TEXT NOT NULL,
            reprints INTEGER NOT NULL DEFAULT 0,
            UNIQUE (township_code, sequence)
        ) WITHOUT ROWID;

        CREATE TABLE print_runs (
            run_id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL CHECK (kind = 'issue' OR kind = 'reprint'),
            township_code TEXT NOT NULL,
            village_code TEXT NOT NULL,
            file TEXT NOT NULL UNIQUE,
            status TEXT NOT NULL
                CHECK (status = 'assigned' OR status = 'rendered' OR status = 'sending' OR status = 'sent'),
            pages INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL,
            rendered_at INTEGER,
            bytes INTEGER,
            printer TEXT,
            claimed_at INTEGER,
            cups_job TEXT
        );
        CREATE INDEX print_runs_by_status ON print_runs (status);

        CREATE TABLE print_pages (
            run_id INTEGER NOT NULL REFERENCES print_runs (run_id),
            page INTEGER NOT NULL CHECK (page > 0),
            certificate_number TEXT NOT NULL REFERENCES certificates (number),
            reprint INTEGER NOT NULL CHECK (reprint >= 0),
            PRIMARY KEY (run_id, page),
            UNIQUE (certificate_number, reprint)
        ) WITHOUT ROWID;

        CREATE TABLE certificate_reprints (
            certificate_number TEXT NOT NULL REFERENCES certificates (number),
            reprint INTEGER NOT NULL CHECK (reprint > 0),
            reason TEXT NOT NULL CHECK (reason <> ''),
            requested_by TEXT NOT NULL CHECK (requested_by <> ''),
            requested_at INTEGER NOT NULL,
            run_id INTEGER NOT NULL REFERENCES print_runs (run_id),
            PRIMARY KEY (certificate_number, reprint)
        ) WITHOUT ROWID;
        """
}
