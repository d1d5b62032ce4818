extension PostgresSchema {
    /// Worker leases, lag samples and the offset-reset audit; see ``SQLiteStore``'s `OperationsSchema`. `owned` is a
    /// boolean; audit ids come from an identity column.
    static let operations = Migration(
        id: "v5: operations",
        statements: [
            """
            CREATE TABLE worker_leases (
                group_id TEXT NOT NULL,
                "partition" INTEGER NOT NULL,
                holder TEXT NOT NULL,
                mode TEXT NOT NULL CHECK (mode IN ('elastic', 'pinned')),
                host TEXT NOT NULL,
                pid INTEGER NOT NULL,
                started_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                PRIMARY KEY (group_id, "partition", holder)
            )
            """,
            "CREATE INDEX worker_leases_by_holder ON worker_leases (holder)",
            """
            CREATE TABLE lag_samples (
                group_id TEXT NOT NULL,
                topic TEXT NOT NULL,
                "partition" INTEGER NOT NULL,
                sampled_at BIGINT NOT NULL,
                position BIGINT NOT NULL,
                log_end BIGINT NOT NULL,
                owned BOOLEAN NOT NULL,
                PRIMARY KEY (group_id, topic, "partition", sampled_at)
            )
            """,
            """
            CREATE TABLE offset_resets (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                executed_at BIGINT NOT NULL,
                executed_by TEXT NOT NULL,
                host TEXT NOT NULL,
                group_id TEXT NOT NULL,
                topic TEXT NOT NULL,
                spec TEXT NOT NULL,
                townships TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE offset_reset_partitions (
                reset_id BIGINT NOT NULL REFERENCES offset_resets (id),
                "partition" INTEGER NOT NULL,
                township_code TEXT,
                before_offset BIGINT,
                after_offset BIGINT NOT NULL,
                PRIMARY KEY (reset_id, "partition")
            )
            """,
        ])
}
