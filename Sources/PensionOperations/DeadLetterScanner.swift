import Kafka
import Logging
import PensionDomain
import PensionStore

/// Finds recorded dead letters in their dead-letter topics by their `dlq-source-*` headers.
///
/// A letter sits in its stage's dead-letter topic (``TopicCatalog/deadLetterTopic(ofStage:)``) under its source
/// partition number. Dead-letter topics are small, so each partition concerned is read once from its start, until
/// every letter wanted there is found, nothing more arrives for ``idle``, or ``limit`` messages were read.
public struct DeadLetterScanner: Sendable {
    /// Connection settings.
    public var kafka: KafkaConfiguration
    /// The topic catalog.
    public var topics: TopicCatalog
    /// Receives the consumer's log lines.
    public var logger: Logger
    /// How long a partition may stay quiet before the scan ends there. Default 2 s.
    public var idle: Duration = .seconds(2)
    /// How long to wait for a partition's first message. Default 10 s.
    public var firstMessage: Duration = .seconds(10)
    /// Most messages read from one partition. Default 1,000,000.
    public var limit = 1_000_000

    /// - Parameters:
    ///   - kafka: connection settings.
    ///   - topics: the topic catalog.
    ///   - logger: receives the consumer's log lines.
    public init(kafka: KafkaConfiguration, topics: TopicCatalog, logger: Logger = Logger(label: "pension.dlq")) {
        self.kafka = kafka
        self.topics = topics
        self.logger = logger
    }

    /// The dead-letter topic partition that holds a letter, or `nil` when the catalog names none for its stage or
    /// its source topic.
    public func location(of letter: DeadLetterRecord) -> TopicPartition? {
        guard let topic = topics.deadLetterTopic(ofStage: letter.stage) ?? topics[letter.source.topic]?.deadLetter
        else { return nil }
        return TopicPartition(topic, letter.source.partition)
    }

    /// The parked messages of these letters, by letter; a letter not found (past retention, or no dead-letter
    /// topic) is absent.
    /// - Throws: ``KafkaError``.
    public func messages(of letters: [DeadLetterRecord]) async throws -> [SourcePosition: ParkedMessage] {
        var wanted: [TopicPartition: Set<SourcePosition>] = [:]
        for letter in letters {
            guard let location = location(of: letter) else { continue }
            wanted[location, default: []].insert(letter.source)
        }
        var found: [SourcePosition: ParkedMessage] = [:]
        for (partition, positions) in wanted.sorted(by: { $0.key.description < $1.key.description }) {
            try await scan(partition, for: positions, into: &found)
        }
        return found
    }

    private func scan(
        _ partition: TopicPartition, for positions: Set<SourcePosition>, into found: inout [SourcePosition: ParkedMessage]
    ) async throws {
        var settings = KafkaConsumerConfiguration(kafka: kafka, groupID: nil)
        settings.maxBatchSize = 1_000
        let consumer = try KafkaConsumer.make(configuration: settings, logger: logger)
        var missing = positions
        do {
            try await consumer.assign([partition], offset: KafkaOffset.beginning)
            let clock = ContinuousClock()
            var deadline = clock.now + firstMessage
            var read = 0
            while !missing.isEmpty, read < limit, clock.now < deadline {
                let batch = try await consumer.poll()
                guard !batch.isEmpty else { continue }
                read += batch.count
                deadline = clock.now + idle
                for message in batch {
                    let parked = ParkedMessage(message)
                    if let source = parked.source, missing.remove(source) != nil { found[source] = parked }
                }
            }
        } catch {
            try? await consumer.close()
            throw error
        }
        try await consumer.close()
    }
}
