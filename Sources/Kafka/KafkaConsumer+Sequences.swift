extension KafkaConsumer {
    /// Batches of messages, as they arrive, until the task is cancelled or the consumer is closed.
    /// Nothing is fetched ahead: a rebalance happens only while the sequence waits for the next batch,
    /// never while the caller is processing one.
    public var batches: KafkaBatchSequence { KafkaBatchSequence(consumer: self) }

    /// Messages one by one (read in batches underneath), until the task is cancelled or the consumer is closed.
    public var messages: KafkaMessageSequence { KafkaMessageSequence(consumer: self) }
}

/// Batches of consumed messages; see ``KafkaConsumer/batches``.
public struct KafkaBatchSequence: AsyncSequence, Sendable {
    let consumer: KafkaConsumer

    /// Iterates over batches.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let consumer: KafkaConsumer

        /// The next non-empty batch, or `nil` once cancelled or closed.
        /// - Throws: ``KafkaError`` on a fatal consumer error.
        public mutating func next() async throws -> [KafkaMessage]? {
            while !Task.isCancelled && !consumer.isClosed {
                let batch = try await consumer.poll()
                if !batch.isEmpty { return batch }
            }
            return nil
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(consumer: consumer) }
}

/// Consumed messages one by one; see ``KafkaConsumer/messages``.
public struct KafkaMessageSequence: AsyncSequence, Sendable {
    let consumer: KafkaConsumer

    /// Iterates over messages.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var batches: KafkaBatchSequence.AsyncIterator
        var buffered: [KafkaMessage] = []
        var index = 0

        /// The next message, or `nil` once cancelled or closed.
        /// - Throws: ``KafkaError`` on a fatal consumer error.
        public mutating func next() async throws -> KafkaMessage? {
            if index == buffered.count {
                guard let batch = try await batches.next() else { return nil }
                buffered = batch
                index = 0
            }
            defer { index += 1 }
            return buffered[index]
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(batches: KafkaBatchSequence.AsyncIterator(consumer: consumer))
    }
}
