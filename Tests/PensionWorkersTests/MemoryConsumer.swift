import Foundation
import PensionWorkers
import Synchronization

@testable import Kafka

/// An in-memory consumer: partitions of messages, an assignment that a test can change (the listener is called
/// inside `poll`, as librdkafka calls it), paused partitions, stored and committed offsets with their history.
final class MemoryConsumer: StageConsumer {
    struct State {
        var logs: [Int32: [KafkaMessage]] = [:]
        var positions: [Int32: Int64] = [:]
        var assigned: Set<Int32> = []
        var paused: Set<Int32> = []
        var stored: [Int32: Int64] = [:]
        var committed: [Int32: Int64] = [:]
        /// Every commit, in order: partition and offset.
        var commitHistory: [(Int32, Int64)] = []
        /// Offsets the worker tried to store for partitions it did not own.
        var storesOutsideAssignment = 0
        var polls = 0
        var pauses = 0
        var closed = false
        var pendingRevocation: Set<Int32>?
        var pendingAssignment: Set<Int32>?
        var listener: (@Sendable (KafkaConsumer.RebalanceEvent) -> Void)?
    }

    let topic: String
    let batchSize: Int
    let state = Mutex(State())

    init(topic: String, partitions: [Int32], batchSize: Int = 100) {
        self.topic = topic
        self.batchSize = batchSize
        state.withLock { state in
            for partition in partitions { state.logs[partition] = [] }
        }
    }

    /// Appends messages with these values to a partition.
    func append(_ values: [[UInt8]], partition: Int32) {
        state.withLock { state in
            for value in values {
                let offset = Int64(state.logs[partition, default: []].count)
                state.logs[partition, default: []].append(KafkaMessage(
                    topicPartition: TopicPartition(topic, partition), offset: offset, key: nil, value: value,
                    timestampMilliseconds: nil, packedHeaders: PackedHeaders()
                ))
            }
        }
    }

    /// At the next poll, these partitions are revoked (the listener is told first, then they are gone).
    func revokeAtNextPoll(_ partitions: Set<Int32>) { state.withLock { $0.pendingRevocation = partitions } }

    /// At the next poll, these partitions are assigned again, from their committed offsets.
    func assignAtNextPoll(_ partitions: Set<Int32>) { state.withLock { $0.pendingAssignment = partitions } }

    func subscribe(topic: String, listener: @escaping @Sendable (KafkaConsumer.RebalanceEvent) -> Void) async throws {
        let assigned = state.withLock { state in
            state.listener = listener
            state.assigned = Set(state.logs.keys)
            return state.assigned
        }
        listener(.init(kind: .assigned, partitions: assigned.sorted().map { TopicPartition(topic, $0) }))
    }

    func assign(_ partitions: [TopicPartition]) async throws {
        state.withLock { $0.assigned = Set(partitions.map(\.partition)) }
    }

    func poll() async throws -> [KafkaMessage] {
        let (revoked, assigned, listener) = state.withLock { state in
            state.polls += 1
            defer { state.pendingRevocation = nil; state.pendingAssignment = nil }
            return (state.pendingRevocation, state.pendingAssignment, state.listener)
        }
        if let revoked {
            // As librdkafka: finished work is committed, the listener runs, then the partitions are gone.
            try await commit()
            listener?(.init(kind: .revoked, partitions: revoked.sorted().map { TopicPartition(topic, $0) }))
            state.withLock { state in
                state.assigned.subtract(revoked)
                for partition in revoked { state.stored[partition] = nil }
            }
        }
        if let assigned {
            state.withLock { state in
                state.assigned.formUnion(assigned)
                for partition in assigned { state.positions[partition] = state.committed[partition] ?? 0 }
            }
            listener?(.init(kind: .assigned, partitions: assigned.sorted().map { TopicPartition(topic, $0) }))
        }
        let batch = state.withLock { state in
            // An equal share of the batch from each readable partition, as a fetch from several partitions gives.
            var batch: [KafkaMessage] = []
            let readable = state.assigned.subtracting(state.paused).sorted()
            let share = max(1, batchSize / max(1, readable.count))
            for partition in readable {
                let log = state.logs[partition, default: []]
                var position = Int(state.positions[partition] ?? 0)
                while position < log.count && batch.count < batchSize && position - Int(state.positions[partition] ?? 0) < share {
                    batch.append(log[position])
                    position += 1
                }
                state.positions[partition] = Int64(position)
            }
            return batch
        }
        if batch.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        return batch
    }

    func pause(_ partitions: [TopicPartition]) async throws {
        state.withLock { state in
            state.pauses += 1
            state.paused.formUnion(partitions.map(\.partition))
        }
    }

    func resume(_ partitions: [TopicPartition]) async throws {
        state.withLock { $0.paused.subtract(partitions.map(\.partition)) }
    }

    func markProcessed(_ messages: [KafkaMessage]) throws {
        try state.withLock { state in
            for message in messages {
                guard state.assigned.contains(message.partition) else {
                    state.storesOutsideAssignment += 1
                    throw KafkaError.client("partition not assigned")
                }
                state.stored[message.partition] = max(state.stored[message.partition] ?? 0, message.offset + 1)
            }
        }
    }

    func commit() async throws {
        state.withLock { state in
            for (partition, offset) in state.stored.sorted(by: { $0.key < $1.key })
            where state.assigned.contains(partition) && state.committed[partition] != offset {
                state.committed[partition] = offset
                state.commitHistory.append((partition, offset))
            }
        }
    }

    func close() async throws {
        try await commit()
        state.withLock { $0.closed = true }
    }
}

/// An in-memory producer: delivered messages by topic; it can be made to fail for a while.
final class MemoryProducer: StageProducer {
    struct State {
        var delivered: [KafkaProducerMessage] = []
        var failuresLeft = 0
        var shutDown = false
    }

    let maxMessageBytes: Int
    let state = Mutex(State())

    init(maxMessageBytes: Int = 1_000_000) { self.maxMessageBytes = maxMessageBytes }

    func deliver(_ messages: [KafkaProducerMessage]) async throws {
        try state.withLock { state in
            if state.failuresLeft > 0 {
                state.failuresLeft -= 1
                throw KafkaError.client("broker unavailable (injected)")
            }
            state.delivered.append(contentsOf: messages)
        }
    }

    func shutdown() async throws { state.withLock { $0.shutDown = true } }

    func delivered(to topic: String) -> [KafkaProducerMessage] {
        state.withLock { $0.delivered.filter { $0.topic == topic } }
    }
}
