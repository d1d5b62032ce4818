import Foundation
import GRDB

extension SQLiteStore: OperationsStore {
    public func acquireLease(_ lease: WorkerLease) async throws -> [WorkerLease] {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM worker_leases WHERE expires_at < ?", arguments: [Self.millis(Date())])
            let conflicts = lease.conflicts(among: try Self.leases(db, group: lease.group))
            guard conflicts.isEmpty else { return conflicts }
            for partition in lease.storedPartitions {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO worker_leases
                        (group_id, "partition", holder, mode, host, pid, started_at, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        lease.group, partition, lease.holder, lease.mode.rawValue, lease.host, lease.pid,
                        Self.millis(lease.startedAt), Self.millis(lease.expiresAt),
                    ])
            }
            return []
        }
    }

    public func renewLease(holder: String, now: Date, expiresAt: Date) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE worker_leases SET expires_at = ? WHERE holder = ? AND expires_at >= ?",
                arguments: [Self.millis(expiresAt), holder, Self.millis(now)])
            return db.changesCount > 0
        }
    }

    public func releaseLease(holder: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM worker_leases WHERE holder = ?", arguments: [holder])
        }
    }

    public func liveLeases(group: String?, now: Date) async throws -> [WorkerLease] {
        try await pool.read { db in try Self.leases(db, group: group, liveAt: now) }
    }

    public func recordLagSamples(_ samples: [LagSampleRecord], keepAfter: Date) async throws {
        try await pool.write { db in
            for sample in samples {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO lag_samples
                        (group_id, topic, "partition", sampled_at, position, log_end, owned) VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        sample.group, sample.topic, sample.partition, Self.millis(sample.sampledAt), sample.position,
                        sample.logEnd, sample.owned,
                    ])
            }
            try db.execute(sql: "DELETE FROM lag_samples WHERE sampled_at < ?", arguments: [Self.millis(keepAfter)])
        }
    }

    public func lagSamples(group: String) async throws -> [LagSampleRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT topic, "partition", sampled_at, position, log_end, owned FROM lag_samples
                    WHERE group_id = ? ORDER BY topic, "partition", sampled_at
                    """,
                arguments: [group]
            ).map { row in
                LagSampleRecord(
                    group: group, topic: row[0], partition: row[1], sampledAt: Self.date(row[2]), position: row[3],
                    logEnd: row[4], owned: row[5])
            }
        }
    }

    public func recordOffsetReset(_ reset: OffsetResetRecord) async throws -> Int64 {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO offset_resets (executed_at, executed_by, host, group_id, topic, spec, townships)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    Self.millis(reset.executedAt), reset.executedBy, reset.host, reset.group, reset.topic, reset.spec,
                    reset.townships.joined(separator: ","),
                ])
            let id = db.lastInsertedRowID
            for partition in reset.partitions {
                try db.execute(
                    sql: """
                        INSERT INTO offset_reset_partitions (reset_id, "partition", township_code, before_offset, after_offset)
                        VALUES (?, ?, ?, ?, ?)
                        """,
                    arguments: [id, partition.partition, partition.township, partition.before, partition.after])
            }
            return id
        }
    }

    public func offsetResets(group: String?, limit: Int) async throws -> [OffsetResetRecord] {
        try await pool.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, executed_at, executed_by, host, group_id, topic, spec, townships FROM offset_resets
                    WHERE ?1 IS NULL OR group_id = ?1 ORDER BY id DESC LIMIT ?2
                    """,
                arguments: [group, limit])
            return try rows.map { row in
                let id: Int64 = row[0]
                let partitions = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT "partition", township_code, before_offset, after_offset FROM offset_reset_partitions
                        WHERE reset_id = ? ORDER BY "partition"
                        """,
                    arguments: [id]
                ).map { OffsetResetRecord.Partition(partition: $0[0], township: $0[1], before: $0[2], after: $0[3]) }
                let townships: String = row[7]
                return OffsetResetRecord(
                    id: id, executedAt: Self.date(row[1]), executedBy: row[2], host: row[3], group: row[4], topic: row[5],
                    spec: row[6], townships: townships.split(separator: ",").map(String.init), partitions: partitions)
            }
        }
    }

    private static func leases(_ db: Database, group: String?, liveAt now: Date = Date()) throws -> [WorkerLease] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT group_id, "partition", holder, mode, host, pid, started_at, expires_at FROM worker_leases
                WHERE (?1 IS NULL OR group_id = ?1) AND expires_at >= ?2 ORDER BY group_id, holder, "partition"
                """,
            arguments: [group, millis(now)])
        return WorkerLease.leases(
            of: rows.map {
                WorkerLease.StoredRow(
                    group: $0[0], partition: $0[1], holder: $0[2], mode: $0[3], host: $0[4], pid: $0[5], startedAt: $0[6],
                    expiresAt: $0[7])
            })
    }

    private static func millis(_ date: Date) -> Int64 { WorkerLease.milliseconds(date) }
    private static func date(_ millis: Int64) -> Date { WorkerLease.date(millis) }
}
