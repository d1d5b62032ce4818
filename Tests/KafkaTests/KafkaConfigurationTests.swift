@testable import Kafka
import Logging
import Testing

@Suite("Kafka configuration and errors")
struct KafkaConfigurationTests {
    @Test("consumers never store or commit offsets on their own")
    func consumerDefaults() {
        var configuration = KafkaConsumerConfiguration(
            kafka: KafkaConfiguration(bootstrapServers: "127.0.0.1:9092"), groupID: "workers"
        )
        var properties = configuration.librdkafkaProperties
        #expect(properties["enable.auto.offset.store"] == "false")
        #expect(properties["enable.auto.commit"] == "false")
        #expect(properties["group.id"] == "workers")
        #expect(properties["partition.assignment.strategy"] == "cooperative-sticky")
        configuration.rebalanceProtocol = .eager
        properties = configuration.librdkafkaProperties
        #expect(properties["partition.assignment.strategy"] == "range,roundrobin")
    }

    @Test("producers are idempotent unless told otherwise")
    func producerDefaults() {
        var configuration = KafkaProducerConfiguration(kafka: KafkaConfiguration(bootstrapServers: "b:1"))
        #expect(configuration.librdkafkaProperties["enable.idempotence"] == "true")
        configuration.idempotence = false
        #expect(configuration.librdkafkaProperties["enable.idempotence"] == "false")
    }

    @Test("producers limit messages to librdkafka's default size; wireSize counts key, value, headers and overheads")
    func messageSize() {
        let configuration = KafkaProducerConfiguration(kafka: KafkaConfiguration(bootstrapServers: "b:1"))
        #expect(configuration.maxMessageBytes == 1_000_000)
        #expect(configuration.librdkafkaProperties["message.max.bytes"] == "1000000")
        var message = KafkaProducerMessage(topic: "t", key: "abc", value: [UInt8](repeating: 0, count: 100))
        #expect(message.wireSize == KafkaProducerMessage.wireOverhead + 3 + 100)
        message.addHeader("name", "value")
        message.headers.append(KafkaHeader(key: "null", bytes: nil))
        let headers = 2 * KafkaProducerMessage.wireOverheadPerHeader + "name".count + "value".count + "null".count
        #expect(message.wireSize == KafkaProducerMessage.wireOverhead + 103 + headers)
        #expect(KafkaProducerMessage(topic: "t", key: nil, value: []).wireSize == KafkaProducerMessage.wireOverhead)
    }

    @Test("raw properties pass through and win over typed settings")
    func passthrough() {
        let kafka = KafkaConfiguration(
            bootstrapServers: "b:1", properties: ["security.protocol": "SASL_SSL", "linger.ms": "50"]
        )
        let properties = KafkaProducerConfiguration(kafka: kafka).librdkafkaProperties
        #expect(properties["security.protocol"] == "SASL_SSL")
        #expect(properties["linger.ms"] == "50")
        #expect(properties["bootstrap.servers"] == "b:1")
    }

    @Test("an unknown librdkafka property is refused with its name")
    func unknownProperty() throws {
        let kafka = KafkaConfiguration(bootstrapServers: "127.0.0.1:1", properties: ["no.such.property": "1"])
        let error = try #require(throws: KafkaError.self) {
            try KafkaProducer.make(configuration: KafkaProducerConfiguration(kafka: kafka), logger: Logger(label: "t"))
        }
        #expect(error.description.contains("no.such.property"))
    }

    @Test("the loaded librdkafka is new enough and reports its version")
    func version() throws {
        try KafkaVersion.requireMinimum()
        let parts = KafkaVersion.loaded.split(separator: ".").compactMap { Int($0) }
        #expect(parts.count >= 2)
        #expect(parts[0] == KafkaVersion.loadedComponents.major)
        #expect(parts[1] == KafkaVersion.loadedComponents.minor)
    }

    @Test("errors carry librdkafka's code name and mark retriable ones")
    func errors() {
        #expect(KafkaError.Code.queueFull.name == "_QUEUE_FULL")
        #expect(KafkaError.Code.topicAlreadyExists.name == "TOPIC_ALREADY_EXISTS")
        let timedOut = KafkaError.rdKafka(.init(rawValue: KafkaError.Code.timedOut.rawValue), "flush")
        #expect(timedOut.isRetriable)
        #expect(!timedOut.isFatal)
        #expect(timedOut.description.hasPrefix("Kafka _TIMED_OUT: flush"))
    }
}
