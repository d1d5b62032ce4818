/// The operations tables, added by the migration `v7: operations` (``StoreSchema``).
///
/// - `worker_leases`: which workers run for a consumer group and how: one row per elastic worker (`partition` -1) or
///   per partition of a worker pinned with `--township`; a row counts until `expires_at` (ms since 1970), which the
///   worker keeps pushing forward. ``OperationsStore/acquireLease(_:)`` refuses a mode while the other is live.
/// - `lag_samples`: the samples `pension lag` took, per group, topic and partition, for the status window: the group's
///   position (committed offset, or the log start without one), the log end, whether a live worker held it.
/// - `offset_resets` and `offset_reset_partitions`: the audit log of `pension replay --execute`.
enum OperationsSchema {
    static let v7 = """
        CREATE TABLE worker_leases (
            group_id TEXT NOT NULL,
            "partition" INTEGER NOT NULL,
            holder TEXT NOT NULL,
            mode TEXT NOT NULL CHECK (mode = 'elastic' OR mode = 'pinned'),
            host TEXT NOT NULL,
            pid INTEGER NOT NULL,
            started_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            PRIMARY KEY (group_id, "partition", holder)
        ) WITHOUT ROWID;
        CREATE INDEX worker_leases_by_holder ON worker_leases (holder);

        CREATE TABLE lag_samples (
            group_id TEXT NOT NULL,
            topic TEXT NOT NULL,
            "partition" INTEGER NOT NULL,
            sampled_at INTEGER NOT NULL,
            position INTEGER NOT NULL,
            log_end INTEGER NOT NULL,
            owned INTEGER NOT NULL,
            PRIMARY KEY (group_id, topic, "partition", sampled_at)
        ) WITHOUT ROWID;

        CREATE TABLE offset_resets (
            id INTEGER PRIMARY KEY,
            executed_at INTEGER NOT NULL,
            executed_by TEXT NOT NULL,
            host TEXT NOT NULL,
            group_id TEXT NOT NULL,
            topic TEXT NOT NULL,
            spec TEXT NOT NULL,
            townships TEXT NOT NULL
        );
        CREATE TABLE offset_reset_partitions (
            reset_id INTEGER NOT NULL REFERENCES offset_resets (id),
            "partition" INTEGER NOT NULL,
            township_code TEXT,
            before_offset INTEGER,
            after_offset INTEGER NOT NULL,
            PRIMARY KEY (reset_id, "partition")
        ) WITHOUT ROWID;
        """
}
