import Foundation

/// What the operations commands keep in the store: worker leases, lag samples and the offset-reset audit.
/// ``SQLiteStore`` is one.
public protocol OperationsStore: Sendable {
    /// Takes a lease for a worker, or refuses when another mode is live for the group (or a pinned partition is
    /// someone else's); expired leases are dropped first. One transaction, so two workers starting at the same moment
    /// cannot both get conflicting leases.
    /// - Returns: the live leases that conflict; empty when the lease was taken.
    func acquireLease(_ lease: WorkerLease) async throws -> [WorkerLease]

    /// Moves a holder's leases' expiry to `expiresAt`.
    /// - Returns: whether the holder still had a lease that had not expired by `now`.
    func renewLease(holder: String, now: Date, expiresAt: Date) async throws -> Bool

    /// Drops a holder's leases.
    func releaseLease(holder: String) async throws

    /// The leases of a group live at `now` (all groups when `group` is `nil`).
    func liveLeases(group: String?, now: Date) async throws -> [WorkerLease]

    /// Adds lag samples and drops each partition's samples older than `keepAfter`.
    func recordLagSamples(_ samples: [LagSampleRecord], keepAfter: Date) async throws

    /// A group's samples, oldest first.
    func lagSamples(group: String) async throws -> [LagSampleRecord]

    /// Writes an executed offset reset to the audit log.
    /// - Returns: its audit id.
    func recordOffsetReset(_ reset: OffsetResetRecord) async throws -> Int64

    /// The audit log, newest first.
    func offsetResets(group: String?, limit: Int) async throws -> [OffsetResetRecord]
}

/// A worker's claim on a consumer group: elastic (a member of the group) or pinned to partitions (outside it).
public struct WorkerLease: Sendable, Hashable {
    /// How the worker reads.
    public enum Mode: String, Sendable, Hashable { case elastic, pinned }

    /// The consumer group whose offsets the worker commits.
    public var group: String
    /// The worker's id, new for every process.
    public var holder: String
    /// Elastic or pinned.
    public var mode: Mode
    /// The partitions of a pinned worker (empty for an elastic one).
    public var partitions: [Int32]
    /// Where the worker runs.
    public var host: String
    /// Its process id.
    public var pid: Int32
    /// When it started.
    public var startedAt: Date
    /// Until when the lease counts unless renewed.
    public var expiresAt: Date

    /// - Parameters:
    ///   - group: the consumer group.
    ///   - holder: the worker's id.
    ///   - mode: elastic or pinned.
    ///   - partitions: a pinned worker's partitions.
    ///   - host: the host.
    ///   - pid: the process id.
    ///   - startedAt: the start.
    ///   - expiresAt: the expiry.
    public init(
        group: String, holder: String, mode: Mode, partitions: [Int32], host: String, pid: Int32, startedAt: Date,
        expiresAt: Date
    ) {
        self.group = group
        self.holder = holder
        self.mode = mode
        self.partitions = partitions
        self.host = host
        self.pid = pid
        self.startedAt = startedAt
        self.expiresAt = expiresAt
    }
}

extension WorkerLease {
    /// The leases of `live` this one cannot be held beside: another holder's of the other mode, or, pinned, another
    /// holder's pinned lease sharing a partition.
    package func conflicts(among live: [WorkerLease]) -> [WorkerLease] {
        let wanted = Set(partitions)
        return live.filter { other in
            guard other.holder != holder else { return false }
            if other.mode != mode { return true }
            return mode == .pinned && !wanted.isDisjoint(with: other.partitions)
        }
    }

    /// The partitions a lease is stored under: its own when pinned, -1 for an elastic worker.
    package var storedPartitions: [Int32] { mode == .elastic ? [-1] : partitions }

    /// One stored `worker_leases` row (times in ms since 1970).
    package struct StoredRow: Sendable {
        package var group: String
        package var partition: Int32
        package var holder: String
        package var mode: String
        package var host: String
        package var pid: Int32
        package var startedAt: Int64
        package var expiresAt: Int64

        package init(
            group: String, partition: Int32, holder: String, mode: String, host: String, pid: Int32, startedAt: Int64,
            expiresAt: Int64
        ) {
            self.group = group
            self.partition = partition
            self.holder = holder
            self.mode = mode
            self.host = host
            self.pid = pid
            self.startedAt = startedAt
            self.expiresAt = expiresAt
        }
    }

    /// The leases of stored rows, one per holder in the order the holders first appear.
    package static func leases(of rows: [StoredRow]) -> [WorkerLease] {
        var byHolder: [String: WorkerLease] = [:]
        var order: [String] = []
        for row in rows {
            if byHolder[row.holder] == nil {
                order.append(row.holder)
                byHolder[row.holder] = WorkerLease(
                    group: row.group, holder: row.holder, mode: Mode(rawValue: row.mode) ?? .elastic, partitions: [],
                    host: row.host, pid: row.pid, startedAt: date(row.startedAt), expiresAt: date(row.expiresAt))
            }
            if row.partition >= 0 { byHolder[row.holder]?.partitions.append(row.partition) }
        }
        return order.compactMap { byHolder[$0] }
    }

    /// A time as the operations tables store it: ms since 1970, rounded.
    package static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// A stored time.
    package static func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
}

/// One observation of a partition for a group: its position and the log end at a time, and whether a live worker
/// held the partition then.
public struct LagSampleRecord: Sendable, Hashable {
    /// The consumer group.
    public var group: String
    /// The topic.
    public var topic: String
    /// The partition.
    public var partition: Int32
    /// When it was taken.
    public var sampledAt: Date
    /// The group's position: its committed offset, or the log start when it has none.
    public var position: Int64
    /// The log end.
    public var logEnd: Int64
    /// Whether a live worker (group member or pinned lease) held the partition.
    public var owned: Bool

    /// - Parameters:
    ///   - group: the group.
    ///   - topic: the topic.
    ///   - partition: the partition.
    ///   - sampledAt: the time.
    ///   - position: the group's position.
    ///   - logEnd: the log end.
    ///   - owned: whether a live worker held it.
    public init(group: String, topic: String, partition: Int32, sampledAt: Date, position: Int64, logEnd: Int64, owned: Bool) {
        self.group = group
        self.topic = topic
        self.partition = partition
        self.sampledAt = sampledAt
        self.position = position
        self.logEnd = logEnd
        self.owned = owned
    }
}

/// An executed `pension replay`: who, when, what, and every partition's offset before and after.
public struct OffsetResetRecord: Sendable, Hashable {
    /// One partition moved.
    public struct Partition: Sendable, Hashable {
        /// The partition.
        public var partition: Int32
        /// Its township.
        public var township: String?
        /// The committed offset before, `nil` when none.
        public var before: Int64?
        /// The committed offset after.
        public var after: Int64

        /// - Parameters:
        ///   - partition: the partition.
        ///   - township: its township.
        ///   - before: the offset before.
        ///   - after: the offset after.
        public init(partition: Int32, township: String?, before: Int64?, after: Int64) {
            self.partition = partition
            self.township = township
            self.before = before
            self.after = after
        }
    }

    /// The audit id (0 before it is recorded).
    public var id: Int64
    /// When it was executed.
    public var executedAt: Date
    /// Who executed it.
    public var executedBy: String
    /// The host it ran on.
    public var host: String
    /// The group.
    public var group: String
    /// The topic.
    public var topic: String
    /// The reset as given, e.g. `--to-datetime 2011-11-22T00:00:00+08:00`.
    public var spec: String
    /// The townships it was limited to (empty: all).
    public var townships: [String]
    /// The partitions moved.
    public var partitions: [Partition]

    /// - Parameters:
    ///   - id: the audit id, 0 before recording.
    ///   - executedAt: when.
    ///   - executedBy: who.
    ///   - host: the host.
    ///   - group: the group.
    ///   - topic: the topic.
    ///   - spec: the reset as given.
    ///   - townships: the townships it was limited to.
    ///   - partitions: the partitions moved.
    public init(
        id: Int64 = 0, executedAt: Date, executedBy: String, host: String, group: String, topic: String, spec: String,
        townships: [String], partitions: [Partition]
    ) {
        self.id = id
        self.executedAt = executedAt
        self.executedBy = executedBy
        self.host = host
        self.group = group
        self.topic = topic
        self.spec = spec
        self.townships = townships
        self.partitions = partitions
    }
}
