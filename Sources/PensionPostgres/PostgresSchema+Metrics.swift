extension PostgresSchema {
    /// The metrics projection's tables; see ``SQLiteStore``'s `MetricsSchema`. The resident flags are booleans.
    static let metrics = Migration(
        id: "v6: metrics",
        statements: [
            """
            CREATE TABLE metrics_residents (
                resident_id TEXT NOT NULL PRIMARY KEY,
                township_code TEXT NOT NULL,
                village_code TEXT,
                enrolled BOOLEAN NOT NULL DEFAULT false,
                verified BOOLEAN NOT NULL DEFAULT false,
                rejected_reason TEXT,
                pension TEXT CHECK (pension IN ('eligible', 'held')),
                held_reason TEXT,
                released BOOLEAN NOT NULL DEFAULT false,
                certificate BOOLEAN NOT NULL DEFAULT false,
                bank_card BOOLEAN NOT NULL DEFAULT false
            )
            """,
            "CREATE INDEX metrics_residents_by_place ON metrics_residents (township_code, village_code)",
            """
            CREATE TABLE metrics_payments (
                resident_id TEXT NOT NULL,
                month TEXT NOT NULL,
                township_code TEXT NOT NULL,
                amount_fen BIGINT NOT NULL,
                PRIMARY KEY (resident_id, month)
            )
            """,
            """
            CREATE TABLE metrics_counts (
                metric TEXT NOT NULL,
                township_code TEXT NOT NULL,
                village_code TEXT NOT NULL,
                stage TEXT NOT NULL,
                reason TEXT NOT NULL,
                count BIGINT NOT NULL,
                PRIMARY KEY (metric, township_code, village_code, stage, reason)
            )
            """,
        ])
}
