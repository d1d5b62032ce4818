import Kafka
import Synchronization

/// Which partitions this worker owns now, each with the epoch of its current assignment.
///
/// A batch remembers the epochs of its partitions when it is polled. When a partition is revoked (or lost, or
/// revoked and assigned again), its epoch changes, so every later step drops that batch's messages of it: they are
/// neither stored nor produced nor committed here, and the new owner replays them. Offsets are stored under the
/// same lock the rebalance listener takes, so a revocation cannot slip between the check and the store: committed
/// offsets never move backwards.
final class PartitionOwnership: Sendable {
    private struct State {
        var epochs: [TopicPartition: UInt64] = [:]
        /// The highest offset (+1) stored per owned partition since it was assigned.
        var stored: [TopicPartition: Int64] = [:]
        var next: UInt64 = 1
    }

    private let state = Mutex(State())

    /// Applies a rebalance event (called by the consumer inside its rebalance callback).
    func apply(_ event: KafkaConsumer.RebalanceEvent) {
        switch event.kind {
        case .assigned: assign(event.partitions)
        case .revoked, .lost: revoke(event.partitions)
        }
    }

    func assign(_ partitions: [TopicPartition]) {
        state.withLock { state in
            for partition in partitions {
                state.epochs[partition] = state.next
                state.stored[partition] = nil
                state.next += 1
            }
        }
    }

    func revoke(_ partitions: [TopicPartition]) {
        state.withLock { state in
            for partition in partitions {
                state.epochs[partition] = nil
                state.stored[partition] = nil
            }
        }
    }

    /// The partitions owned now.
    var owned: Set<TopicPartition> { state.withLock { Set($0.epochs.keys) } }

    /// The partitions owned now and a number that changes with every assignment.
    var assignment: (partitions: Set<TopicPartition>, version: UInt64) {
        state.withLock { (Set($0.epochs.keys), $0.next) }
    }

    /// The current epochs of the partitions these messages came from (taken right after the poll that returned
    /// them), and whether every message's partition is owned; the later steps drop the messages of partitions
    /// missing from the epochs or revoked since.
    func epochs(of messages: [KafkaMessage]) -> (epochs: [TopicPartition: UInt64], allOwned: Bool) {
        state.withLock { state in
            var result: [TopicPartition: UInt64] = [:]
            var allOwned = true
            var last: TopicPartition?
            // Consecutive messages mostly share a partition: compare with the last one before hashing.
            for index in messages.indices where messages[index].topicPartition != last {
                let partition = messages[index].topicPartition
                last = partition
                if let epoch = state.epochs[partition] { result[partition] = epoch } else { allOwned = false }
            }
            return (result, allOwned)
        }
    }

    /// The partitions of `epochs` still owned under the same assignment.
    func current(_ epochs: [TopicPartition: UInt64]) -> Set<TopicPartition> {
        state.withLock { state in Set(epochs.compactMap { state.epochs[$0.key] == $0.value ? $0.key : nil }) }
    }

    /// Stores the offsets of `messages` through `store`, holding the lock so no revocation completes meanwhile:
    /// only for partitions still owned under the epochs of `epochs`, and only where the offset moves forwards.
    /// - Returns: how many messages were left out because their partition moved.
    func storeOffsets(
        of messages: [KafkaMessage], epochs: [TopicPartition: UInt64], _ store: ([KafkaMessage]) throws -> Void
    ) rethrows -> Int {
        try state.withLock { state in
            var highest: [TopicPartition: Int64] = [:]
            var last: TopicPartition?
            for index in messages.indices {
                if messages[index].topicPartition != last { last = messages[index].topicPartition }
                highest[last!] = max(highest[last!] ?? 0, messages[index].offset + 1)
            }
            let keep = Set(highest.compactMap { partition, next in
                state.epochs[partition] != nil && state.epochs[partition] == epochs[partition]
                    && next > state.stored[partition, default: 0] ? partition : nil
            })
            guard !keep.isEmpty else { return messages.count }
            let kept = keep.count == highest.count ? messages : messages.filter { keep.contains($0.topicPartition) }
            try store(kept)
            for partition in keep { state.stored[partition] = highest[partition] }
            return messages.count - kept.count
        }
    }
}
