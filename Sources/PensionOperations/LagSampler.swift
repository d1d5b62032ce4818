import Foundation
import Kafka
import PensionDomain
import PensionStore

/// Takes a lag sample of consumer groups: committed offsets, the exact log end, the age of the oldest unprocessed
/// message, who holds each partition; stores it and evaluates the status window (``LagEvaluator``).
///
/// The log end comes from a fetch at the group's position (``KafkaAdmin/logPositions(_:timeout:)``), not from
/// ListOffsets, so it is exact on the local broker too. A group reads the topics of the catalog where it committed
/// something or that its members subscribed to.
public struct LagSampler: Sendable {
    let admin: KafkaAdmin
    let store: any OperationsStore
    let topics: TopicCatalog
    let plan: PartitionPlan
    /// Groups listed by default: those whose id starts with this.
    public var groupPrefix = "pension-"
    /// The status rules and window.
    public var evaluator = LagEvaluator()
    /// How long samples are kept.
    public var keepSamples: TimeInterval = 24 * 3600

    /// - Parameters:
    ///   - admin: the admin client.
    ///   - store: where samples and leases are.
    ///   - topics: the topic catalog.
    ///   - plan: the partition plan.
    public init(admin: KafkaAdmin, store: any OperationsStore, topics: TopicCatalog, plan: PartitionPlan) {
        self.admin = admin
        self.store = store
        self.topics = topics
        self.plan = plan
    }

    /// Samples the groups (by default every group with ``groupPrefix`` the broker lists or a live lease names),
    /// limited to the partitions of `townships` when given.
    /// - Throws: ``KafkaError`` or a store error.
    public func sample(groups names: [String] = [], townships: Set<String> = [], now: Date = Date()) async throws
        -> LagSnapshot
    {
        let listed = try await admin.listGroups()
        let leases = try await store.liveLeases(group: nil, now: now)
        let groupNames = names.isEmpty
            ? Set(listed.map(\.name) + leases.map(\.group)).filter { $0.hasPrefix(groupPrefix) }.sorted()
            : names
        var groups: [GroupLag] = []
        var samples: [LagSampleRecord] = []
        for name in groupNames {
            var description = listed.first { $0.name == name }
            if description == nil { description = try await admin.listGroups(name).first { $0.name == name } }
            let group = try await sample(
                name, description: description, leases: leases.filter { $0.group == name }, townships: townships, now: now)
            groups.append(group)
            samples += group.partitions.map {
                LagSampleRecord(
                    group: name, topic: $0.topic, partition: $0.partition, sampledAt: now, position: $0.position,
                    logEnd: $0.logEnd, owned: $0.owned)
            }
        }
        try await store.recordLagSamples(samples, keepAfter: now.addingTimeInterval(-keepSamples))
        for index in groups.indices {
            let history = Dictionary(grouping: try await store.lagSamples(group: groups[index].group)) {
                TopicPartition($0.topic, $0.partition)
            }
            var partitions = groups[index].partitions
            for position in partitions.indices {
                let key = TopicPartition(partitions[position].topic, partitions[position].partition)
                partitions[position].status = evaluator.status(history[key] ?? [], now: now)
            }
            groups[index] = GroupLag(
                group: groups[index].group, state: groups[index].state, members: groups[index].members,
                mode: groups[index].mode, pinnedTownships: groups[index].pinnedTownships, partitions: partitions)
        }
        return LagSnapshot(takenAt: now, windowSamples: evaluator.windowSamples, groups: groups)
    }

    private func sample(
        _ name: String, description: KafkaAdmin.GroupDescription?, leases: [WorkerLease], townships: Set<String>,
        now: Date
    ) async throws -> GroupLag {
        let wanted = townships.isEmpty
            ? Array(0..<plan.partitionCount)
            : townships.flatMap { plan.partitions(of: $0) ?? [] }.sorted()
        let all = topics.topics.flatMap { topic in (0..<topic.partitions).map { TopicPartition(topic.name, $0) } }
        let committed = try await admin.committedOffsets(group: name, partitions: all).filter { $0.value >= 0 }
        let members = description?.memberDetails ?? []
        let read = Set(committed.keys.map(\.topic) + members.flatMap(\.topics))
        let partitions = read.sorted().flatMap { topic in wanted.map { TopicPartition(topic, $0) } }
            .filter { $0.partition < (topics[$0.topic]?.partitions ?? 0) }
        let starts = Dictionary(uniqueKeysWithValues: partitions.map { ($0, committed[$0] ?? KafkaOffset.beginning) })
        let positions = try await admin.logPositions(starts)
        let owners = Owners(description: description, leases: leases)
        let lags = partitions.map { partition -> PartitionLag in
            let found = positions[partition]
            let logEnd = found?.logEnd ?? 0
            let logStart = committed[partition] == nil ? (found?.firstOffset ?? logEnd) : (found?.logStart ?? 0)
            var lag = PartitionLag(
                group: name, topic: partition.topic, partition: partition.partition,
                township: plan.township(ofPartition: partition.partition), logStart: min(logStart, logEnd),
                logEnd: logEnd, committed: committed[partition], owned: owners.hold(partition))
            if lag.lag > 0, let written = found?.firstTimestampMilliseconds {
                lag.timeLagSeconds = max(0, now.timeIntervalSince1970 - Double(written) / 1000)
            }
            return lag
        }
        let pinned = leases.filter { $0.mode == .pinned }
        let mode: GroupLag.Mode = (description?.members ?? 0) > 0 || leases.contains { $0.mode == .elastic }
            ? .elastic : pinned.isEmpty ? .idle : .pinned
        let pinnedTownships = Set(pinned.flatMap(\.partitions).compactMap { plan.township(ofPartition: $0) }).sorted()
        return GroupLag(
            group: name, state: description?.state ?? "unknown", members: description?.members ?? 0, mode: mode,
            pinnedTownships: pinnedTownships, partitions: lags)
    }

    /// Who holds a partition: the group's members (by their assignment where the broker reports it, else every
    /// partition of the topics the group reads) and live leases.
    private struct Owners {
        let members: Int
        let assigned: Set<TopicPartition>
        let elasticLease: Bool
        let pinned: Set<Int32>

        init(description: KafkaAdmin.GroupDescription?, leases: [WorkerLease]) {
            members = description?.members ?? 0
            assigned = Set(description?.memberDetails.flatMap(\.assignment) ?? [])
            elasticLease = leases.contains { $0.mode == .elastic }
            pinned = Set(leases.filter { $0.mode == .pinned }.flatMap(\.partitions))
        }

        func hold(_ partition: TopicPartition) -> Bool {
            if pinned.contains(partition.partition) || elasticLease { return true }
            guard members > 0 else { return false }
            return assigned.isEmpty || assigned.contains(partition)
        }
    }
}
