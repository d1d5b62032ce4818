import Foundation
import Kafka
import Logging
import PensionStore
import ServiceLifecycle

/// Keeps pinned and elastic workers of one consumer group apart: a worker takes a lease in the store before it
/// reads anything and keeps renewing it; a lease of the other mode refuses it (``WorkerLeaseRefused``).
///
/// Kafka's coordinator takes offset commits from a worker outside the group (pinned, `assign`) only while the group
/// has no members, and librdkafka cannot keep a township's partitions away from the group's members, so one group
/// runs in one mode at a time. A pinned worker also refuses while the broker reports active members. A worker that
/// finds its lease gone stops. One whose renewals fail (the store is unreachable, so it cannot commit a batch either,
/// and no one else can take a lease from the same store) goes on retrying and stops once the lease has lapsed, as
/// another worker may then take the group as soon as it reaches the store.
public struct WorkerLeaseGuard: Sendable {
    /// Lease timing.
    public struct Settings: Sendable {
        /// How long a lease counts without renewal (`worker.leaseSeconds`, default 45 s).
        public var lease: Duration = .seconds(45)
        /// How often it is renewed (`worker.leaseRenewSeconds`, default 5 s).
        public var renewEvery: Duration = .seconds(5)

        public init() {}
    }

    /// When this process made its first guard: a lease with this process's pid that started before is an earlier
    /// incarnation's (a restarted container reuses pid 1).
    private static let firstGuard = Date()

    let store: any OperationsStore
    let admin: KafkaAdmin?
    let lease: WorkerLease
    let settings: Settings
    let describe: @Sendable (Int32) -> String
    let logger: Logger

    /// - Parameters:
    ///   - store: where leases are kept.
    ///   - admin: asked for the group's active members before a pinned worker starts (`nil`: not asked).
    ///   - group: the consumer group.
    ///   - mode: elastic or pinned.
    ///   - partitions: a pinned worker's partitions.
    ///   - settings: lease timing.
    ///   - describe: names a partition for messages, e.g. its township.
    ///   - logger: where renewals that fail are logged.
    public init(
        store: any OperationsStore, admin: KafkaAdmin?, group: String, mode: WorkerLease.Mode, partitions: [Int32],
        settings: Settings = Settings(), describe: @escaping @Sendable (Int32) -> String = { "partition \($0)" },
        logger: Logger
    ) {
        _ = Self.firstGuard
        self.store = store
        self.admin = admin
        let now = Date()
        self.lease = WorkerLease(
            group: group, holder: UUID().uuidString, mode: mode, partitions: mode == .pinned ? partitions : [],
            host: ProcessInfo.processInfo.hostName, pid: ProcessInfo.processInfo.processIdentifier, startedAt: now,
            expiresAt: now.addingTimeInterval(settings.lease.seconds))
        self.settings = settings
        self.describe = describe
        self.logger = logger
    }

    /// Takes the lease.
    /// - Throws: ``WorkerLeaseRefused`` when the other mode is live (or the partitions are pinned by another
    ///   worker, or, for a pinned worker, the broker reports active members); a store or Kafka error.
    public func acquire() async throws {
        if lease.mode == .pinned, let admin,
            let group = try await admin.listGroups(lease.group).first(where: { $0.name == lease.group }), group.members > 0
        {
            throw WorkerLeaseRefused(lease: lease, conflicts: [], activeMembers: group.members, describe: describe)
        }
        var claim = lease
        claim.expiresAt = Date().addingTimeInterval(settings.lease.seconds)
        var conflicts = try await store.acquireLease(claim)
        let stale = conflicts.filter(isStale)
        if !stale.isEmpty {
            for other in stale {
                logger.notice("dropping the lease of a worker that is gone", metadata: ["pension.lease.pid": "\(other.pid)"])
                try await store.releaseLease(holder: other.holder)
            }
            conflicts = try await store.acquireLease(claim)
        }
        guard conflicts.isEmpty else {
            throw WorkerLeaseRefused(lease: lease, conflicts: conflicts, activeMembers: 0, describe: describe)
        }
    }

    /// Whether a lease belongs to a process of this host that is gone: its pid is not running, or it is this process's
    /// pid from before this process made its first guard (an earlier incarnation: a restarted container), so a
    /// supervisor's restart is not refused until the lease lapses.
    private func isStale(_ other: WorkerLease) -> Bool {
        guard other.host == lease.host, other.holder != lease.holder else { return false }
        if other.pid == lease.pid { return other.startedAt < Self.firstGuard.addingTimeInterval(-1) }
        return kill(other.pid, 0) != 0 && errno == ESRCH
    }

    /// Renews the lease every ``Settings/renewEvery`` until cancelled.
    /// - Throws: ``WorkerLeaseLost`` when the lease is gone, or renewals failed for longer than the lease.
    public func keepRenewed() async throws {
        let clock = ContinuousClock()
        var renewed = clock.now
        while true {
            do {
                try await Task.sleep(for: settings.renewEvery)
            } catch {
                return
            }
            let now = Date()
            do {
                guard try await store.renewLease(holder: lease.holder, now: now, expiresAt: now.addingTimeInterval(settings.lease.seconds))
                else { throw WorkerLeaseLost(group: lease.group, reason: "the lease expired before it was renewed") }
                renewed = clock.now
            } catch let lost as WorkerLeaseLost {
                throw lost
            } catch where Task.isCancelled {
                return
            } catch {
                logger.warning("renewing the worker lease failed", metadata: ["pension.error": "\(error)"])
                if clock.now - renewed >= settings.lease {
                    throw WorkerLeaseLost(group: lease.group, reason: "renewals failed for longer than the lease")
                }
            }
        }
    }

    /// Drops the lease; when the store does not answer (or shutdown ends first) it is logged and the lease lapses
    /// on its own.
    public func release() async {
        do {
            try await store.releaseLease(holder: lease.holder)
        } catch is CancellationError {
            logger.notice("the worker lease is left to lapse: the store did not answer before shutdown ended")
        } catch {
            logger.warning("releasing the worker lease failed; it lapses on its own", metadata: ["pension.error": "\(error)"])
        }
    }
}

/// A worker run under a lease: takes it, renews it while the worker runs, stops the worker when it is lost, drops
/// it when the worker ends.
public struct LeasedService<Wrapped: Service>: Service {
    let wrapped: Wrapped
    let guardian: WorkerLeaseGuard

    /// - Parameters:
    ///   - wrapped: the worker.
    ///   - guardian: its lease.
    public init(_ wrapped: Wrapped, lease guardian: WorkerLeaseGuard) {
        self.wrapped = wrapped
        self.guardian = guardian
    }

    public func run() async throws {
        try await guardian.acquire()
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await wrapped.run() }
                group.addTask { try await guardian.keepRenewed() }
                try await group.next()
                group.cancelAll()
            }
        } catch {
            await guardian.release()
            throw error
        }
        await guardian.release()
    }
}

/// A worker that may not start: the group runs in the other mode, or the partitions are pinned by another worker.
public struct WorkerLeaseRefused: Error, CustomStringConvertible {
    let lease: WorkerLease
    /// The live leases in the way.
    public let conflicts: [WorkerLease]
    /// Active members the broker reported (for a pinned worker).
    public let activeMembers: Int
    let describe: @Sendable (Int32) -> String

    public var description: String {
        if activeMembers > 0 {
            return "consumer group \(lease.group) has \(activeMembers) active member(s) (elastic workers); a worker pinned "
                + "with --township reads outside the group and Kafka refuses its commits while the group has members: "
                + "stop the elastic workers first (pension lag --group \(lease.group) shows them)"
        }
        let holders = conflicts.map { (other: WorkerLease) -> String in
            let what = other.mode == .pinned
                ? "pinned to " + Set(other.partitions.map(describe)).sorted().joined(separator: ", ") : "elastic"
            return "\(what) (pid \(other.pid) on \(other.host), since \(other.startedAt.formatted(.iso8601)))"
        }.joined(separator: "; ")
        let why = lease.mode == .pinned && conflicts.allSatisfy({ $0.mode == .pinned })
            ? "these partitions are already pinned by another worker"
            : "consumer group \(lease.group) runs in \(lease.mode == .pinned ? "elastic" : "pinned") mode; one group runs in one mode at a time"
        return "\(why): \(holders). Stop those workers first; a crashed worker's lease lapses after worker.leaseSeconds."
    }
}

/// A worker that lost its lease: it stops, because another mode may take over.
public struct WorkerLeaseLost: Error, CustomStringConvertible {
    /// The group.
    public let group: String
    /// Why.
    public let reason: String

    public var description: String { "the worker lease for consumer group \(group) was lost (\(reason)); stopping" }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
