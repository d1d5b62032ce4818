/// The metrics projection's tables, added by the migration `v9: metrics` (``StoreSchema``).
enum MetricsSchema {
    /// - `metrics_residents`: one row per resident any counted event named: township, village (from the first
    ///   event that carried one), whether enrolled, verified, rejected (reason), the pension status (`eligible` or
    ///   `held` with its reason, `released` = 1 when eligible after a hold), certificate printed, bank card issued.
    ///   Counting residents, not events, makes a repeated registration or result count once, and the final counts
    ///   do not depend on the order topics are read in.
    /// - `metrics_payments`: one row per resident and month paid (`payout.completed`), with the amount in fen.
    /// - `metrics_counts`: what is counted per message: `submitted`, `payout_failed` (reason) and `dead_letter`
    ///   (stage, reason), per township and village.
    static let v9 = """
        CREATE TABLE metrics_residents (
            resident_id TEXT NOT NULL PRIMARY KEY,
            township_code TEXT NOT NULL,
            village_code TEXT,
            enrolled INTEGER NOT NULL DEFAULT 0,
            verified INTEGER NOT NULL DEFAULT 0,
            rejected_reason TEXT,
            pension TEXT CHECK (pension IS NULL OR pension = 'eligible' OR pension = 'held'),
            held_reason TEXT,
            released INTEGER NOT NULL DEFAULT 0,
            certificate INTEGER NOT NULL DEFAULT 0,
            bank_card INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
        CREATE INDEX metrics_residents_by_place ON metrics_residents (township_code, village_code);

        CREATE TABLE metrics_payments (
            resident_id TEXT NOT NULL,
            month TEXT NOT NULL,
            township_code TEXT NOT NULL,
            amount_fen INTEGER NOT NULL,
            PRIMARY KEY (resident_id, month)
        ) WITHOUT ROWID;

        CREATE TABLE metrics_counts (
            metric TEXT NOT NULL,
            township_code TEXT NOT NULL,
            village_code TEXT NOT NULL,
            stage TEXT NOT NULL,
            reason TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (metric, township_code, village_code, stage, reason)
        ) WITHOUT ROWID;
        """
}
