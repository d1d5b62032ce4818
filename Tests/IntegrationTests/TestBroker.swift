import Foundation
import Kafka
import Logging
import Testing

/// The broker the integration tests talk to: `KAFKA_BOOTSTRAP`, which `scripts/test.sh` sets.
/// A missing broker fails the test; it never skips it.
enum TestBroker {
    enum Missing: Error, CustomStringConvertible {
        case broker
        case binary(String)

        var description: String {
            switch self {
            case .broker: "KAFKA_BOOTSTRAP is not set: integration tests need a running broker (scripts/test.sh starts one)"
            case .binary(let path): "no pension executable at \(path): build it with `swift build --build-tests`"
            }
        }
    }

    static func bootstrap() throws -> String {
        guard let value = ProcessInfo.processInfo.environment["KAFKA_BOOTSTRAP"], !value.isEmpty else { throw Missing.broker }
        return value
    }

    /// `TEST_KAFKA_DEBUG` (e.g. `cgrp`) turns on librdkafka's debug contexts, logged at debug level.
    static func kafka(_ clientID: String = "tests") throws -> KafkaConfiguration {
        let debug = ProcessInfo.processInfo.environment["TEST_KAFKA_DEBUG"].map { ["debug": $0] } ?? [:]
        return KafkaConfiguration(bootstrapServers: try bootstrap(), clientID: clientID, properties: debug)
    }

    static let logger: Logger = {
        var logger = Logger(label: "tests")
        logger.logLevel = ProcessInfo.processInfo.environment["TEST_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .error
        return logger
    }()

    /// A topic name no other test uses.
    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    static func admin() throws -> KafkaAdmin { try KafkaAdmin.make(configuration: kafka("tests-admin"), logger: logger) }

    static func producer() throws -> KafkaProducer {
        try KafkaProducer.make(configuration: KafkaProducerConfiguration(kafka: kafka("tests-producer")), logger: logger)
    }

    static func consumer(
        group: String?, protocol rebalance: KafkaConsumerConfiguration.RebalanceProtocol = .cooperativeSticky,
        onRebalance: (@Sendable (KafkaConsumer.RebalanceEvent) -> Void)? = nil
    ) throws -> KafkaConsumer {
        var configuration = KafkaConsumerConfiguration(kafka: try kafka("tests-consumer"), groupID: group)
        configuration.sessionTimeoutMilliseconds = 6_000
        configuration.rebalanceProtocol = rebalance
        return try KafkaConsumer.make(configuration: configuration, logger: logger, onRebalance: onRebalance)
    }

    /// Creates a topic and waits until its metadata shows every partition.
    static func createTopic(_ name: String, partitions: Int32) async throws {
        let admin = try admin()
        _ = try await admin.createTopics([.init(name: name, partitions: partitions)])
        for _ in 0..<50 {
            if try await admin.describeTopics([name]).first?.partitions.count == Int(partitions) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("topic \(name) did not show \(partitions) partitions")
    }

    static func message(_ topic: String, _ index: Int, partition: Int32? = nil) -> KafkaProducerMessage {
        KafkaProducerMessage(
            topic: topic, partition: partition, key: "key-\(index)", value: Array("value-\(index)".utf8),
            headers: [KafkaHeader("index", String(index))]
        )
    }

    /// Polls until `done` holds or `timeout` passes; `what` is read at the timeout, so it can describe the state then.
    static func eventually(
        timeout: Duration = .seconds(30), _ what: @autoclosure () -> String, _ done: @Sendable () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await done() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("timed out waiting for \(what())")
        throw CancellationError()
    }

    /// Reads a topic from the beginning until `expected` messages arrived, then 2 s more to catch extras.
    static func readAll(topic: String, partitions: Int32, expected: Int) async throws -> [KafkaMessage] {
        let consumer = try TestBroker.consumer(group: nil)
        try await consumer.assign((0..<partitions).map { TopicPartition(topic, $0) }, offset: KafkaOffset.beginning)
        var messages: [KafkaMessage] = []
        var deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            messages += try await consumer.poll()
            if messages.count >= expected && deadline > ContinuousClock.now + .seconds(2) {
                deadline = ContinuousClock.now + .seconds(2)
            }
        }
        try await consumer.close()
        return messages
    }
}
