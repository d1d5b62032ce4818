import Foundation
import Logging
import PensionDomain
import PensionStore
import PostgresNIO

extension PostgresStore {
    /// Takes a lease or names the live ones in the way; see ``OperationsStore/acquireLease(_:)``. The transaction
    /// holds an advisory lock keyed by the schema and the group, so acquirers on any host take turns: of two opposite
    /// modes starting at once, the second sees the first's lease and is refused.
    public func acquireLease(_ lease: WorkerLease) async throws -> [WorkerLease] {
        let logger = logger
        let key = "pension-lease:\(location.schema ?? ""):\(lease.group)"
        return try await transaction("acquiring a worker lease") { connection in
            try await connection.run("SELECT pg_advisory_xact_lock(hashtextextended(\(key), 0))", logger)
            try await connection.run(
                "DELETE FROM worker_leases WHERE expires_at < \(Self.milliseconds(Date()))", logger)
            let conflicts = lease.conflicts(
                among: try await Self.leases(group: lease.group, liveAt: Date(), on: connection, logger))
            guard conflicts.isEmpty else { return conflicts }
            try await connection.run(
                """
                INSERT INTO worker_leases (group_id, "partition", holder, mode, host, pid, started_at, expires_at)
                SELECT \(lease.group), p, \(lease.holder), \(lease.mode.rawValue), \(lease.host), \(lease.pid),
                    \(Self.milliseconds(lease.startedAt)), \(Self.milliseconds(lease.expiresAt))
                FROM unnest(\(Array(Set(lease.storedPartitions)))::integer[]) AS p
                ON CONFLICT (group_id, "partition", holder) DO UPDATE SET mode = excluded.mode, host = excluded.host,
                    pid = excluded.pid, started_at = excluded.started_at, expires_at = excluded.expires_at
                """, logger)
            return []
        }
    }

    /// See ``OperationsStore/renewLease(holder:now:expiresAt:)``.
    public func renewLease(holder: String, now: Date, expiresAt: Date) async throws -> Bool {
        let logger = logger
        return try await connection("renewing a worker lease") { connection in
            try await !connection.run(
                """
                UPDATE worker_leases SET expires_at = \(Self.milliseconds(expiresAt))
                WHERE holder = \(holder) AND expires_at >= \(Self.milliseconds(now)) RETURNING 1
                """, logger
            ).isEmpty
        }
    }

    /// See ``OperationsStore/releaseLease(holder:)``.
    public func releaseLease(holder: String) async throws {
        let logger = logger
        try await connection("releasing a worker lease") { connection in
            try await connection.run("DELETE FROM worker_leases WHERE holder = \(holder)", logger)
        }
    }

    /// See ``OperationsStore/liveLeases(group:now:)``.
    public func liveLeases(group: String?, now: Date) async throws -> [WorkerLease] {
        let logger = logger
        return try await connection("reading worker leases") { connection in
            try await Self.leases(group: group, liveAt: now, on: connection, logger)
        }
    }

    /// See ``OperationsStore/recordLagSamples(_:keepAfter:)``; a sample repeated in `samples` counts as the last.
    public func recordLagSamples(_ samples: [LagSampleRecord], keepAfter: Date) async throws {
        let logger = logger
        struct Key: Hashable {
            var group: String, topic: String, partition: Int32, sampledAt: Int64
        }
        var latest: [Key: Int] = [:]
        for index in samples.indices {
            let sample = samples[index]
            latest[Key(group: sample.group, topic: sample.topic, partition: sample.partition,
                       sampledAt: Self.milliseconds(sample.sampledAt))] = index
        }
        let rows = latest.values.sorted().map { samples[$0] }
        try await transaction("recording lag samples") { connection in
            if !rows.isEmpty {
                try await connection.run(
                    """
                    INSERT INTO lag_samples (group_id, topic, "partition", sampled_at, position, log_end, owned)
                    SELECT * FROM unnest(\(rows.map(\.group))::text[], \(rows.map(\.topic))::text[],
                        \(rows.map(\.partition))::integer[], \(rows.map { Self.milliseconds($0.sampledAt) })::bigint[],
                        \(rows.map(\.position))::bigint[], \(rows.map(\.logEnd))::bigint[], \(rows.map(\.owned))::boolean[])
                    ON CONFLICT (group_id, topic, "partition", sampled_at) DO UPDATE SET position = excluded.position,
                        log_end = excluded.log_end, owned = excluded.owned
                    """, logger)
            }
            try await connection.run(
                "DELETE FROM lag_samples WHERE sampled_at < \(Self.milliseconds(keepAfter))", logger)
        }
    }

    /// See ``OperationsStore/lagSamples(group:)``.
    public func lagSamples(group: String) async throws -> [LagSampleRecord] {
        let logger = logger
        return try await connection("reading lag samples") { connection in
            try await connection.run(
                """
                SELECT topic, "partition", sampled_at, position, log_end, owned FROM lag_samples
                WHERE group_id = \(group) ORDER BY topic COLLATE "C", "partition", sampled_at
                """, logger
            ).map { row in
                let (topic, partition, sampledAt, position, logEnd, owned) = try row.decode(
                    (String, Int32, Int64, Int64, Int64, Bool).self)
                return LagSampleRecord(
                    group: group, topic: topic, partition: partition, sampledAt: Self.date(sampledAt),
                    position: position, logEnd: logEnd, owned: owned)
            }
        }
    }

    /// See ``OperationsStore/recordOffsetReset(_:)``.
    public func recordOffsetReset(_ reset: OffsetResetRecord) async throws -> Int64 {
        let logger = logger
        return try await transaction("recording an offset reset") { connection in
            guard
                let id = try await connection.run(
                    """
                    INSERT INTO offset_resets (executed_at, executed_by, host, group_id, topic, spec, townships)
                    VALUES (\(Self.milliseconds(reset.executedAt)), \(reset.executedBy), \(reset.host), \(reset.group),
                        \(reset.topic), \(reset.spec), \(reset.townships.joined(separator: ",")))
                    RETURNING id
                    """, logger
                ).first?.decode(Int64.self)
            else { throw OutboxCodec.Corrupt() }
            for partition in reset.partitions {
                try await connection.run(
                    """
                    INSERT INTO offset_reset_partitions (reset_id, "partition", township_code, before_offset, after_offset)
                    VALUES (\(id), \(partition.partition), \(partition.township), \(partition.before), \(partition.after))
                    """, logger)
            }
            return id
        }
    }

    /// See ``OperationsStore/offsetResets(group:limit:)``.
    public func offsetResets(group: String?, limit: Int) async throws -> [OffsetResetRecord] {
        let logger = logger
        return try await transaction("reading offset resets") { connection in
            var resets = try await connection.run(
                """
                SELECT id, executed_at, executed_by, host, group_id, topic, spec, townships FROM offset_resets
                WHERE \(group)::text IS NULL OR group_id = \(group) ORDER BY id DESC LIMIT \(Int64(limit))
                """, logger
            ).map { row in
                let (id, executedAt, executedBy, host, group, topic, spec, townships) = try row.decode(
                    (Int64, Int64, String, String, String, String, String, String).self)
                return OffsetResetRecord(
                    id: id, executedAt: Self.date(executedAt), executedBy: executedBy, host: host, group: group,
                    topic: topic, spec: spec, townships: townships.split(separator: ",").map(String.init), partitions: [])
            }
            guard !resets.isEmpty else { return [] }
            var partitions: [Int64: [OffsetResetRecord.Partition]] = [:]
            for row in try await connection.run(
                """
                SELECT reset_id, "partition", township_code, before_offset, after_offset FROM offset_reset_partitions
                WHERE reset_id = ANY(\(resets.map(\.id))::bigint[]) ORDER BY reset_id, "partition"
                """, logger)
            {
                let (id, partition, township, before, after) = try row.decode((Int64, Int32, String?, Int64?, Int64).self)
                partitions[id, default: []].append(
                    OffsetResetRecord.Partition(partition: partition, township: township, before: before, after: after))
            }
            for index in resets.indices { resets[index].partitions = partitions[resets[index].id] ?? [] }
            return resets
        }
    }

    /// The leases live at `now`, of one group or all.
    private static func leases(group: String?, liveAt now: Date, on connection: PostgresConnection, _ logger: Logger)
        async throws -> [WorkerLease]
    {
        let rows = try await connection.run(
            """
            SELECT group_id, "partition", holder, mode, host, pid, started_at, expires_at FROM worker_leases
            WHERE (\(group)::text IS NULL OR group_id = \(group)) AND expires_at >= \(milliseconds(now))
            ORDER BY group_id COLLATE "C", holder COLLATE "C", "partition"
            """, logger
        ).map { row in
            let (group, partition, holder, mode, host, pid, startedAt, expiresAt) = try row.decode(
                (String, Int32, String, String, String, Int32, Int64, Int64).self)
            return WorkerLease.StoredRow(
                group: group, partition: partition, holder: holder, mode: mode, host: host, pid: pid,
                startedAt: startedAt, expiresAt: expiresAt)
        }
        return WorkerLease.leases(of: rows)
    }
}
