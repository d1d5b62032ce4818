import Foundation
import PensionStore

/// A partition's status under Burrow's consumer lag evaluation rules.
public enum PartitionStatus: String, Sendable, Codable, Comparable {
    case ok = "OK", warning = "WARN", stall = "STALL", stop = "STOP", rewind = "REWIND"

    /// Whether the status makes its group `ERR`.
    public var isError: Bool { self == .stall || self == .stop || self == .rewind }

    private var rank: Int { [.ok: 0, .warning: 1, .stall: 2, .stop: 3, .rewind: 4][self] ?? 0 }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// A group's status: the worst of its partitions', as Burrow rolls them up.
public enum GroupStatus: String, Sendable, Codable {
    case ok = "OK", warning = "WARN", error = "ERR"

    /// `ERR` when any partition is STOP, STALL or REWIND; `WARN` when any is WARN; `OK` otherwise.
    public init(_ partitions: some Sequence<PartitionStatus>) {
        var result = GroupStatus.ok
        for status in partitions {
            if status.isError { self = .error; return }
            if status == .warning { result = .warning }
        }
        self = result
    }
}

/// Burrow's evaluation rules over a sliding window of one partition's samples
/// (github.com/linkedin/Burrow/wiki/Consumer-Lag-Evaluation-Rules), applied in Burrow's order:
///
/// 1. any sample in the window with lag 0, or no lag now → OK;
/// 2. the position went down between two samples → REWIND;
/// 3. the time since the last sample is longer than the window's span (now − last > last − first) → STOP;
/// 4. the position never moved over the window while there is lag → STALL;
/// 5. the position moved but the lag never went down → WARN;
/// 6. otherwise OK.
///
/// Burrow's samples are the group's offset commits. This system's workers commit only when they have processed
/// something, so a sample is what `pension lag` observed; a sample counts as a commit while a live worker held the
/// partition (a group member or a pinned worker's lease: the consumer is there, committing or not) and, for a
/// partition nobody holds, only when its position moved. A partition nobody holds thus stops producing samples and
/// turns STOP once the silence is longer than the window, as in Burrow. With a single sample in the window
/// (the first run of `pension lag`), lag on a partition nobody holds is STOP and anything else is OK.
public struct LagEvaluator: Sendable {
    /// The window: the last this many samples (Burrow's `intervals`, default 10).
    public var windowSamples: Int

    /// - Parameter windowSamples: samples in the window, at least 2.
    public init(windowSamples: Int = 10) {
        self.windowSamples = max(2, windowSamples)
    }

    /// The samples of one partition that count as commits, the last ``windowSamples`` of them, oldest first.
    /// - Parameter samples: the partition's samples, oldest first.
    public func window(_ samples: [LagSampleRecord]) -> [LagSampleRecord] {
        var commits: [LagSampleRecord] = []
        for sample in samples where sample.owned || commits.last?.position != sample.position {
            commits.append(sample)
        }
        return Array(commits.suffix(windowSamples))
    }

    /// The status of one partition.
    /// - Parameters:
    ///   - samples: the partition's samples, oldest first, the current one last.
    ///   - now: the time of evaluation.
    public func status(_ samples: [LagSampleRecord], now: Date) -> PartitionStatus {
        guard let current = samples.last else { return .ok }
        let window = window(samples)
        let lags = window.map { Self.lag($0) }
        if Self.lag(current) == 0 || lags.contains(0) { return .ok }
        guard window.count >= 2, let first = window.first, let last = window.last else {
            return current.owned ? .ok : .stop
        }
        if zip(window, window.dropFirst()).contains(where: { $1.position < $0.position }) { return .rewind }
        if now.timeIntervalSince(last.sampledAt) > last.sampledAt.timeIntervalSince(first.sampledAt) { return .stop }
        if window.allSatisfy({ $0.position == first.position }) { return .stall }
        if !zip(lags, lags.dropFirst()).contains(where: { $1 < $0 }) { return .warning }
        return .ok
    }

    private static func lag(_ sample: LagSampleRecord) -> Int64 { max(0, sample.logEnd - sample.position) }
}
