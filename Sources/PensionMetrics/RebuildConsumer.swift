import Kafka
import PensionWorkers
import Synchronization

/// The consumer of a rebuild: reads the partitions it is given from their beginning (not from the group's
/// committed offsets), commits to the metrics group as it goes, and records what it has polled and committed, so
/// the rebuild can tell when it has caught up (``MetricsRebuild``).
final class RebuildConsumer: StageConsumer {
    private let base: KafkaConsumer
    private struct State {
        var polled: [TopicPartition: Int64] = [:]
        var marked: [TopicPartition: Int64] = [:]
        var committed: [TopicPartition: Int64] = [:]
        var lastMessage = ContinuousClock.now
        var messages = 0
    }
    private let state = Mutex(State())

    init(_ base: KafkaConsumer) { self.base = base }

    func subscribe(topic: String, listener: @escaping @Sendable (KafkaConsumer.RebalanceEvent) -> Void) async throws {
        throw TargetsError("a rebuild reads assigned partitions, not a group subscription")
    }

    func assign(_ partitions: [TopicPartition]) async throws {
        try await base.assign(partitions, offset: KafkaOffset.beginning)
    }

    func poll() async throws -> [KafkaMessage] {
        let messages = try await base.poll()
        if !messages.isEmpty {
            state.withLock { state in
                state.lastMessage = .now
                state.messages += messages.count
                for message in messages {
                    state.polled[message.topicPartition] = max(state.polled[message.topicPartition] ?? 0, message.offset + 1)
                }
            }
        }
        return messages
    }

    func pause(_ partitions: [TopicPartition]) async throws { try await base.pause(partitions) }
    func resume(_ partitions: [TopicPartition]) async throws { try await base.resume(partitions) }

    func markProcessed(_ messages: [KafkaMessage]) throws {
        try base.markProcessed(messages)
        state.withLock { state in
            for message in messages {
                state.marked[message.topicPartition] = max(state.marked[message.topicPartition] ?? 0, message.offset + 1)
            }
        }
    }

    func commit() async throws {
        let marked = state.withLock { $0.marked }
        try await base.commit()
        state.withLock { $0.committed.merge(marked) { max($0, $1) } }
    }

    func close() async throws { try await base.close() }

    /// Messages polled so far.
    var messagesRead: Int { state.withLock { $0.messages } }

    /// Caught up: everything polled is committed, every partition's committed position is at least its log end read
    /// at start (`ends`, from a fetch, so exact on the local broker too), and no message has arrived for `quiet`
    /// (messages published during the rebuild).
    func caughtUp(ends: [TopicPartition: Int64], quiet: Duration) -> Bool {
        state.withLock { state in
            guard ContinuousClock.now - state.lastMessage >= quiet else { return false }
            for (partition, end) in state.polled where (state.committed[partition] ?? 0) < end { return false }
            for (partition, end) in ends where end > 0 && (state.committed[partition] ?? 0) < end { return false }
            return true
        }
    }
}
