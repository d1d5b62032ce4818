import Foundation
import PensionStore

/// Consumer lag of every group at one moment, as `pension lag` prints it and `--json` writes it.
public struct LagSnapshot: Sendable, Encodable {
    /// When the sample was taken.
    public var takenAt: Date
    /// The status window, in samples.
    public var windowSamples: Int
    /// Per group, by name.
    public var groups: [GroupLag]

    /// - Parameters:
    ///   - takenAt: when.
    ///   - windowSamples: the status window.
    ///   - groups: per group.
    public init(takenAt: Date, windowSamples: Int, groups: [GroupLag]) {
        self.takenAt = takenAt
        self.windowSamples = windowSamples
        self.groups = groups
    }

    /// The total lag of every group.
    public var totalLag: Int64 { groups.reduce(0) { $0 + $1.lag } }

    private enum CodingKeys: String, CodingKey { case takenAt, windowSamples, totalLag, groups, byTownship }

    /// The sample with its totals and the per-township roll-up.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(takenAt, forKey: .takenAt)
        try container.encode(windowSamples, forKey: .windowSamples)
        try container.encode(totalLag, forKey: .totalLag)
        try container.encode(groups, forKey: .groups)
        try container.encode(byTownship, forKey: .byTownship)
    }

    /// Lag per group and township, for the per-township table.
    public var byTownship: [TownshipLag] {
        var totals: [String: [String: TownshipLag]] = [:]
        for group in groups {
            for partition in group.partitions {
                let township = partition.township ?? "-"
                var entry = totals[group.group, default: [:]][township]
                    ?? TownshipLag(group: group.group, township: township, lag: 0, timeLagSeconds: nil, status: .ok)
                entry.lag += partition.lag
                if let seconds = partition.timeLagSeconds { entry.timeLagSeconds = max(entry.timeLagSeconds ?? 0, seconds) }
                entry.status = max(entry.status, partition.status)
                totals[group.group, default: [:]][township] = entry
            }
        }
        return totals.values.flatMap(\.values).sorted { ($0.township, $0.group) < ($1.township, $1.group) }
    }
}

/// One group's lag: its members, how its workers run, and each partition of the topics it reads.
public struct GroupLag: Sendable, Encodable {
    /// How the group's workers read its partitions.
    public enum Mode: String, Sendable, Codable {
        /// Members of the consumer group: the group assigns partitions.
        case elastic
        /// Workers pinned with `--township`: outside the group, committing under its id.
        case pinned
        /// No live worker.
        case idle
    }

    /// The group id.
    public var group: String
    /// The group's state as the broker reports it (`Stable`, `Empty`, …), or `unknown` when not listed.
    public var state: String
    /// Active members as the broker reports them.
    public var members: Int
    /// How the live workers read.
    public var mode: Mode
    /// The townships of pinned workers (empty unless pinned).
    public var pinnedTownships: [String]
    /// The group status (Burrow's roll-up of its partitions).
    public var status: GroupStatus
    /// The partitions of the topics the group reads, by topic and partition.
    public var partitions: [PartitionLag]

    /// - Parameters:
    ///   - group: the group id.
    ///   - state: its state.
    ///   - members: active members.
    ///   - mode: how its workers read.
    ///   - pinnedTownships: townships of pinned workers.
    ///   - partitions: its partitions.
    public init(group: String, state: String, members: Int, mode: Mode, pinnedTownships: [String], partitions: [PartitionLag]) {
        self.group = group
        self.state = state
        self.members = members
        self.mode = mode
        self.pinnedTownships = pinnedTownships
        self.status = GroupStatus(partitions.map(\.status))
        self.partitions = partitions
    }

    private enum CodingKeys: String, CodingKey {
        case group, state, members, mode, pinnedTownships, status, lag, timeLagSeconds, partitions
    }

    /// Every field, with the group's ``lag`` and ``timeLagSeconds``.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(group, forKey: .group)
        try container.encode(state, forKey: .state)
        try container.encode(members, forKey: .members)
        try container.encode(mode, forKey: .mode)
        try container.encode(pinnedTownships, forKey: .pinnedTownships)
        try container.encode(status, forKey: .status)
        try container.encode(lag, forKey: .lag)
        try container.encodeIfPresent(timeLagSeconds, forKey: .timeLagSeconds)
        try container.encode(partitions, forKey: .partitions)
    }

    /// The topics the group reads.
    public var topics: [String] { Array(Set(partitions.map(\.topic))).sorted() }
    /// Its total lag.
    public var lag: Int64 { partitions.reduce(0) { $0 + $1.lag } }
    /// The age of its oldest unprocessed message.
    public var timeLagSeconds: Double? { partitions.compactMap(\.timeLagSeconds).max() }
}

/// One group's lag in one township.
public struct TownshipLag: Sendable, Codable, Hashable {
    /// The group.
    public var group: String
    /// The township code (`-` for a partition outside the plan).
    public var township: String
    /// Messages not yet processed.
    public var lag: Int64
    /// The age of the oldest unprocessed message.
    public var timeLagSeconds: Double?
    /// The worst partition status.
    public var status: PartitionStatus
}
