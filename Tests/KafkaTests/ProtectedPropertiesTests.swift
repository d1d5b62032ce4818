import Logging
import Testing

@testable import Kafka

@Suite("Raw librdkafka properties that would break the delivery guarantee are refused")
struct ProtectedPropertiesTests {
    private static let logger: Logger = {
        var logger = Logger(label: "tests")
        logger.logLevel = .critical  // nothing listens on the bootstrap address; connection failures are expected
        return logger
    }()

    private static func kafka(_ key: String, _ value: String) -> KafkaConfiguration {
        KafkaConfiguration(bootstrapServers: "127.0.0.1:1", clientID: "protected-tests", properties: [key: value])
    }

    private static func makeConsumer(_ key: String, _ value: String) throws {
        let configuration = KafkaConsumerConfiguration(kafka: kafka(key, value), groupID: "workers")
        _ = try KafkaConsumer.make(configuration: configuration, logger: logger)
    }

    private static func makeProducer(_ key: String, _ value: String) throws {
        _ = try KafkaProducer.make(configuration: KafkaProducerConfiguration(kafka: kafka(key, value)), logger: logger)
    }

    @Test(
        "a consumer refuses them, naming the property",
        arguments: [
            ("enable.auto.commit", "true"), ("enable.auto.commit", "1"), ("enable.auto.offset.store", "TRUE"),
            ("enable.partition.eof", "t"), ("enable.auto.commit", "yes"), ("group.id", "other"),
            ("isolation.level", "read_uncommitted"), ("bootstrap.servers", "other:9092"),
            ("metadata.broker.list", "other:9092"), ("client.id", "other"),
        ]
    )
    func consumerRefuses(_ key: String, _ value: String) {
        let error = #expect(throws: KafkaError.self) { try Self.makeConsumer(key, value) }
        #expect(error?.description.contains("property \(key)=") == true, "\(String(describing: error))")
        #expect(error?.description.contains("refused") == true)
    }

    @Test(
        "a producer refuses them, naming the property",
        arguments: [
            ("enable.idempotence", "false"), ("acks", "1"), ("acks", "0"), ("request.required.acks", "1"),
            ("max.in.flight.requests.per.connection", "6"), ("max.in.flight", "1000"),
            ("max.in.flight.requests.per.connection", "many"), ("message.timeout.ms", "1000"),
            ("delivery.timeout.ms", "1000"), ("bootstrap.servers", "other:9092"), ("client.id", "other"),
        ]
    )
    func producerRefuses(_ key: String, _ value: String) {
        let error = #expect(throws: KafkaError.self) { try Self.makeProducer(key, value) }
        #expect(error?.description.contains("property \(key)=") == true, "\(String(describing: error))")
    }

    @Test(
        "a consumer accepts the safe values and everything else",
        arguments: [
            ("enable.auto.commit", "false"), ("enable.auto.offset.store", "0"), ("enable.partition.eof", "false"),
            ("isolation.level", "read_committed"), ("security.protocol", "plaintext"), ("fetch.wait.max.ms", "50"),
        ]
    )
    func consumerAccepts(_ key: String, _ value: String) throws {
        try Self.makeConsumer(key, value)
    }

    @Test(
        "a producer accepts the safe values and everything else",
        arguments: [
            ("enable.idempotence", "true"), ("acks", "all"), ("acks", "-1"), ("request.required.acks", "all"),
            ("max.in.flight.requests.per.connection", "5"), ("max.in.flight", "1"),
            ("enable.gapless.guarantee", "true"), ("linger.ms", "50"), ("queue.buffering.max.messages", "100"),
        ]
    )
    func producerAccepts(_ key: String, _ value: String) throws {
        try Self.makeProducer(key, value)
    }

    @Test("an admin client refuses the connection properties only")
    func admin() throws {
        #expect(throws: KafkaError.self) {
            try KafkaAdmin.make(configuration: Self.kafka("bootstrap.servers", "other:9092"), logger: Self.logger)
        }
        _ = try KafkaAdmin.make(configuration: Self.kafka("enable.idempotence", "true"), logger: Self.logger)
    }
}
