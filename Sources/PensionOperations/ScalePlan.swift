import Foundation
import PensionStore

/// `pension scale-plan`'s suggestion for one stage: how many workers drain its lag within the target, and the
/// commands that run them.
public struct StageScalePlan: Sendable, Codable {
    /// Where a rate came from.
    public enum RateSource: String, Sendable, Codable {
        /// Positions moved between two samples while workers held the partitions.
        case measured
        /// Nothing moved (no worker, or none ran between samples): the configured `scale.assumedEventsPerSecond`.
        case assumed
    }

    /// The stage whose worker reads the group, `?` when no stage fits the group id (then there are no commands).
    public var stage: String
    /// The consumer group.
    public var group: String
    /// Its lag now.
    public var lag: Int64
    /// Lag per township (every township the group reads, 0 included).
    public var lagByTownship: [String: Int64]
    /// Messages one worker processes per second.
    public var ratePerWorker: Double
    /// Where that rate came from.
    public var rateSource: RateSource
    /// Workers running now (group members or leases).
    public var workersNow: Int
    /// How the workers run now.
    public var modeNow: GroupLag.Mode
    /// Workers that drain the lag within the target: at least one (new events keep coming), at most one per lagging
    /// partition (elastic; more would sit idle) or per township (pinned; every township needs its worker).
    public var workersNeeded: Int
    /// Minutes the needed workers take to drain the lag at the rate.
    public var drainMinutes: Double
    /// The worker command lines: elastic (`pension worker STAGE`, once per worker) or pinned (`--township` per
    /// worker, townships packed by lag).
    public var commands: [String]
}

/// Works out ``StageScalePlan``s from a lag snapshot and the stored samples.
public struct ScalePlanner: Sendable {
    /// Elastic or pinned commands.
    public enum Mode: String, Sendable, CaseIterable { case elastic, pinned }

    /// The target: drain within this many minutes.
    public var drainMinutes: Double
    /// The rate per worker when none can be measured.
    public var assumedEventsPerSecond: Double
    /// Which commands to suggest.
    public var mode: Mode
    /// The group prefix (`pension-`): a group `pension-STAGE` is run by `pension worker STAGE`.
    public var groupPrefix: String
    /// The stages `pension worker` runs; a group `pension-STAGE-…` of one of them gets `--group`.
    public var stages: [String]

    /// - Parameters:
    ///   - drainMinutes: the target.
    ///   - assumedEventsPerSecond: the rate when none is measured.
    ///   - mode: elastic or pinned commands.
    ///   - groupPrefix: the group prefix.
    ///   - stages: the stages `pension worker` runs.
    public init(
        drainMinutes: Double, assumedEventsPerSecond: Double, mode: Mode, groupPrefix: String = "pension-", stages: [String]
    ) {
        self.drainMinutes = drainMinutes
        self.assumedEventsPerSecond = assumedEventsPerSecond
        self.mode = mode
        self.groupPrefix = groupPrefix
        self.stages = stages
    }

    /// The stage whose worker reads a group: `pension-STAGE` itself, else the longest stage the group id starts with
    /// (`pension-registration-replay` → registration, run with `--group`); `nil` when none fits.
    func stage(of group: String) -> String? {
        stages.filter { group == groupPrefix + $0 || group.hasPrefix(groupPrefix + $0 + "-") }.max { $0.count < $1.count }
    }

    /// One plan per group of the snapshot.
    /// - Parameters:
    ///   - snapshot: the lag now.
    ///   - history: per group, its stored samples (oldest first), for the measured rate.
    ///   - workers: per group, the live workers (leases), when known.
    public func plans(_ snapshot: LagSnapshot, history: [String: [LagSampleRecord]], workers: [String: Int]) -> [StageScalePlan] {
        snapshot.groups.map { group in
            let running = max(group.members, workers[group.group] ?? 0)
            let measured = Self.rate(of: group, history: history[group.group] ?? [], at: snapshot.takenAt)
            let perWorker = measured.map { $0 / Double(max(1, running)) }
            let rate = perWorker.flatMap { $0 > 0 ? $0 : nil } ?? assumedEventsPerSecond
            let lagging = group.partitions.filter { $0.lag > 0 }
            var byTownship: [String: Int64] = [:]
            for partition in group.partitions { byTownship[partition.township ?? "-", default: 0] += partition.lag }
            let capacity = rate * drainMinutes * 60
            let wanted = Int((Double(group.lag) / capacity).rounded(.up))
            let limit = mode == .elastic ? max(1, Set(lagging.map(\.partition)).count) : max(1, byTownship.count)
            let needed = min(max(wanted, 1), limit)
            let stage = stage(of: group.group)
            let command = stage.map { "pension worker \($0)" + (group.group == groupPrefix + $0 ? "" : " --group \(group.group)") }
            let commands: [String] = switch (mode, command) {
            case (_, nil): []
            case (.elastic, let command?): Array(repeating: command, count: needed)
            case (.pinned, let command?):
                Self.pack(byTownship, into: needed).map { townships in
                    command + " " + townships.map { "--township \($0)" }.joined(separator: " ")
                }
            }
            let slowest = mode == .elastic
                ? Double(group.lag) / Double(max(1, needed))
                : Self.pack(byTownship, into: needed).map { $0.reduce(0) { $0 + (byTownship[$1] ?? 0) } }.max().map(Double.init) ?? 0
            return StageScalePlan(
                stage: stage ?? "?", group: group.group, lag: group.lag, lagByTownship: byTownship, ratePerWorker: rate,
                rateSource: (perWorker ?? 0) > 0 ? .measured : .assumed, workersNow: running, modeNow: group.mode,
                workersNeeded: needed, drainMinutes: slowest / rate / 60, commands: commands)
        }
    }

    /// Messages per second the group's workers processed: positions moved since the oldest stored sample of the
    /// last hour that is at least 5 s old, over the time between; `nil` when there is no such sample.
    static func rate(of group: GroupLag, history: [LagSampleRecord], at now: Date) -> Double? {
        let earlier = history.filter { now.timeIntervalSince($0.sampledAt) >= 5 && now.timeIntervalSince($0.sampledAt) <= 3600 }
        guard let start = earlier.map(\.sampledAt).min() else { return nil }
        let then = Dictionary(
            earlier.filter { $0.sampledAt == start }.map { ("\($0.topic)/\($0.partition)", $0.position) },
            uniquingKeysWith: { first, _ in first })
        let moved = group.partitions.reduce(Int64(0)) { total, partition in
            guard let before = then["\(partition.topic)/\(partition.partition)"] else { return total }
            return total + max(0, partition.position - before)
        }
        return Double(moved) / now.timeIntervalSince(start)
    }

    /// Townships packed into `bins` workers, largest lag first onto the least loaded worker; each worker's
    /// townships in code order.
    static func pack(_ lag: [String: Int64], into bins: Int) -> [[String]] {
        guard bins > 0 else { return [] }
        var loads = Array(repeating: (lag: Int64(0), townships: [String]()), count: bins)
        for (township, value) in lag.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
            let index = loads.indices.min { loads[$0].lag < loads[$1].lag }!
            loads[index].lag += value
            loads[index].townships.append(township)
        }
        return loads.map { $0.townships.sorted() }.filter { !$0.isEmpty }
    }
}
