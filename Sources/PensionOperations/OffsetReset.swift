import Foundation
import Kafka
import PensionDomain
import PensionStore

/// Where `pension replay` moves a group's offsets, in the words of Kafka's `kafka-consumer-groups --reset-offsets`.
public enum ResetTarget: Sendable, Hashable {
    /// The log start.
    case earliest
    /// The log end: skip everything unprocessed.
    case latest
    /// The first message written at or after a time.
    case datetime(Date)
    /// The first message written at or after now minus a duration (seconds).
    case duration(TimeInterval)
    /// An absolute offset, clamped to the log.
    case offset(Int64)
    /// The current offset plus (or minus) a count, clamped to the log.
    case shift(Int64)

    /// The option as given, for the plan and the audit log.
    public var spec: String {
        switch self {
        case .earliest: "--to-earliest"
        case .latest: "--to-latest"
        case .datetime(let date): "--to-datetime \(date.formatted(.iso8601))"
        case .duration(let seconds): "--by-duration \(Self.isoDuration(seconds))"
        case .offset(let offset): "--to-offset \(offset)"
        case .shift(let count): "--shift-by \(count)"
        }
    }

    /// Parses an ISO-8601 duration as Kafka's tool takes it: `PnDTnHnMnS` (e.g. `P1D`, `PT2H30M`).
    /// - Returns: seconds, or `nil` when the text is not such a duration.
    public static func parseDuration(_ text: String) -> TimeInterval? {
        let pattern = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/
        guard text != "P", text != "PT", !text.hasSuffix("T"), let match = text.wholeMatch(of: pattern) else { return nil }
        let days = match.1.flatMap { Double($0) } ?? 0
        let hours = match.2.flatMap { Double($0) } ?? 0
        let minutes = match.3.flatMap { Double($0) } ?? 0
        let seconds = match.4.flatMap { Double($0) } ?? 0
        return ((days * 24 + hours) * 60 + minutes) * 60 + seconds
    }

    /// Parses a time with its zone, e.g. `2011-11-22T00:00:00+08:00` or `2011-11-22T00:00:00.000Z`.
    public static func parseDatetime(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    private static func isoDuration(_ seconds: TimeInterval) -> String {
        let whole = Int(seconds)
        let (days, rest) = whole.quotientAndRemainder(dividingBy: 86_400)
        let (hours, rest2) = rest.quotientAndRemainder(dividingBy: 3_600)
        let (minutes, secs) = rest2.quotientAndRemainder(dividingBy: 60)
        var text = "P" + (days > 0 ? "\(days)D" : "")
        if hours + minutes + secs > 0 || days == 0 {
            text += "T" + (hours > 0 ? "\(hours)H" : "") + (minutes > 0 ? "\(minutes)M" : "")
                + (secs > 0 || hours + minutes == 0 ? "\(secs)S" : "")
        }
        return text
    }
}

/// A replay plan: per partition, where the group is and where it would be.
public struct ResetPlan: Sendable, Codable {
    /// One partition.
    public struct Row: Sendable, Codable, Hashable {
        /// The partition.
        public var partition: Int32
        /// Its township.
        public var township: String?
        /// The committed offset now, `nil` when none.
        public var current: Int64?
        /// The offset after the reset.
        public var new: Int64
        /// The first offset in the log.
        public var logStart: Int64
        /// The log end.
        public var logEnd: Int64

        /// Where the group reads from now: its committed offset, or the log start.
        public var position: Int64 { max(current ?? logStart, logStart) }
        /// Messages the group will read again (already processed before).
        public var reprocess: Int64 { max(0, position - new) }
        /// Messages the group will skip (never processed).
        public var skip: Int64 { max(0, new - position) }
    }

    /// The group.
    public var group: String
    /// The topic.
    public var topic: String
    /// The reset as given.
    public var spec: String
    /// The townships it is limited to (empty: all).
    public var townships: [String]
    /// Per partition.
    public var rows: [Row]
    /// Active members the broker reports for the group.
    public var activeMembers: Int
    /// Live workers (leases) of the group: `pinned to …` or `elastic`, with pid and host.
    public var liveWorkers: [String]

    /// Messages to reprocess in all.
    public var reprocess: Int64 { rows.reduce(0) { $0 + $1.reprocess } }
    /// Messages to skip in all.
    public var skip: Int64 { rows.reduce(0) { $0 + $1.skip } }
    /// Why the plan may not be executed now, if it may not.
    public var refusal: String? {
        guard activeMembers > 0 || !liveWorkers.isEmpty else { return nil }
        var reasons: [String] = []
        if activeMembers > 0 { reasons.append("\(activeMembers) active member(s) in the consumer group") }
        if !liveWorkers.isEmpty { reasons.append("live workers: " + liveWorkers.joined(separator: "; ")) }
        return "group \(group) is in use (\(reasons.joined(separator: ", "))); stop its workers first "
            + "(Kafka refuses to move the offsets of a group with members, and a pinned worker would commit over them)"
    }
}

/// Plans and executes `pension replay`: moving a group's committed offsets on one topic, for all or some
/// townships' partitions, with an audit row per execution.
public struct OffsetResetter: Sendable {
    let admin: KafkaAdmin
    let store: any OperationsStore
    let topics: TopicCatalog
    let plan: PartitionPlan

    /// - Parameters:
    ///   - admin: the admin client.
    ///   - store: leases and the audit log.
    ///   - topics: the catalog.
    ///   - plan: the partition plan.
    public init(admin: KafkaAdmin, store: any OperationsStore, topics: TopicCatalog, plan: PartitionPlan) {
        self.admin = admin
        self.store = store
        self.topics = topics
        self.plan = plan
    }

    /// The plan; changes nothing.
    /// - Throws: ``ResetError`` for an unknown topic or township; ``KafkaError``; a store error.
    public func plan(group: String, topic: String, target: ResetTarget, townships: [String], now: Date = Date())
        async throws -> ResetPlan
    {
        guard let spec = topics[name: topic] else { throw ResetError("topic \(topic) is not in the topic catalog") }
        var numbers: [Int32] = Array(0..<spec.partitions)
        if !townships.isEmpty {
            numbers = try townships.flatMap { code in
                guard let owned = plan.partitions(of: code) else { throw ResetError("unknown township code \(code)") }
                return owned
            }.sorted()
        }
        let partitions = numbers.map { TopicPartition(topic, $0) }
        let committed = try await admin.committedOffsets(group: group, partitions: partitions).filter { $0.value >= 0 }
        let log = try await admin.logPositions(Dictionary(uniqueKeysWithValues: partitions.map { ($0, KafkaOffset.beginning) }))
        let timed = try await timestampOffsets(target, partitions, now: now)
        var rows: [ResetPlan.Row] = []
        for partition in partitions {
            let logEnd = log[partition]?.logEnd ?? 0
            let logStart = min(log[partition]?.firstOffset ?? logEnd, logEnd)
            var row = ResetPlan.Row(
                partition: partition.partition, township: plan.township(ofPartition: partition.partition),
                current: committed[partition], new: 0, logStart: logStart, logEnd: logEnd)
            let wanted: Int64 = switch target {
            case .earliest: logStart
            case .latest: logEnd
            case .offset(let offset): offset
            case .shift(let count): row.position + count
            case .datetime, .duration: timed[partition] ?? logEnd
            }
            row.new = min(max(wanted, logStart), logEnd)
            rows.append(row)
        }
        let (members, workers) = try await usage(group, now: now)
        return ResetPlan(
            group: group, topic: topic, spec: target.spec, townships: townships, rows: rows,
            activeMembers: members, liveWorkers: workers)
    }

    /// The group's active members (as the broker reports them) and live workers (leases).
    private func usage(_ group: String, now: Date) async throws -> (members: Int, workers: [String]) {
        let described = try await admin.listGroups(group).first { $0.name == group }
        let workers = try await store.liveLeases(group: group, now: now).map { (lease: WorkerLease) -> String in
            let what = lease.mode == .pinned
                ? "pinned to " + Set(lease.partitions.compactMap { plan.township(ofPartition: $0) }).sorted().joined(separator: ",")
                : "elastic"
            return "\(what) (pid \(lease.pid) on \(lease.host))"
        }
        return (described?.members ?? 0, workers)
    }

    /// Applies a plan after checking again that the group is not in use, reads the offsets back and records the
    /// audit row.
    /// - Throws: ``ResetError`` when the group is in use or the offsets read back differ; ``KafkaError``.
    public func execute(_ plan: ResetPlan, by user: String, now: Date = Date()) async throws -> OffsetResetRecord {
        var checked = plan
        (checked.activeMembers, checked.liveWorkers) = try await usage(plan.group, now: now)
        if let refusal = checked.refusal { throw ResetError(refusal) }
        let offsets = Dictionary(uniqueKeysWithValues: plan.rows.map { (TopicPartition(plan.topic, $0.partition), $0.new) })
        try await admin.alterCommittedOffsets(group: plan.group, offsets: offsets)
        let readBack = try await admin.committedOffsets(group: plan.group, partitions: Array(offsets.keys))
        let differing = offsets.filter { readBack[$0.key] != $0.value }.keys.map { String($0.partition) }.sorted()
        guard differing.isEmpty else {
            throw ResetError("the broker shows other offsets than were set on partitions \(differing.joined(separator: ", "))")
        }
        var record = OffsetResetRecord(
            executedAt: now, executedBy: user, host: ProcessInfo.processInfo.hostName, group: plan.group, topic: plan.topic,
            spec: plan.spec, townships: plan.townships,
            partitions: plan.rows.map { .init(partition: $0.partition, township: $0.township, before: $0.current, after: $0.new) })
        record.id = try await store.recordOffsetReset(record)
        return record
    }

    /// For a time target: per partition, the first offset written at or after the time; `nil` where none is.
    /// Checked against the message found there, because the local broker answers 0 for a time after every message.
    private func timestampOffsets(_ target: ResetTarget, _ partitions: [TopicPartition], now: Date) async throws
        -> [TopicPartition: Int64]
    {
        let time: Date
        switch target {
        case .datetime(let date): time = date
        case .duration(let seconds): time = now.addingTimeInterval(-seconds)
        default: return [:]
        }
        let milliseconds = Int64((time.timeIntervalSince1970 * 1000).rounded(.down))
        let answered = try await admin.offsets(forTimestamp: milliseconds, partitions: partitions).filter { $0.value >= 0 }
        let found = try await admin.logPositions(answered)
        return answered.filter { partition, _ in
            guard let written = found[partition]?.firstTimestampMilliseconds else { return false }
            return written >= milliseconds
        }
    }
}

/// A replay that cannot be planned or executed, with the reason in plain words.
public struct ResetError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
