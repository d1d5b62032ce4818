import Foundation
import Kafka
import PensionDomain
import PensionWorkers

/// Publishes registration messages in chunks through one idempotent producer and counts deliveries.
struct Publisher {
    let context: AppContext
    let producer: KafkaProducer

    init(context: AppContext) throws {
        self.context = context
        producer = try KafkaProducer.make(configuration: KafkaProducerConfiguration(kafka: context.kafka), logger: context.logger)
    }

    var registrationTopic: String {
        get throws {
            try require(context.topics.topic(forEvent: RegistrationSubmitted.eventType), "a topic for registration.submitted").name
        }
    }

    /// Sends messages in chunks, reporting the delivered count after each chunk.
    func send(_ messages: [KafkaProducerMessage], progress: (Int) -> Void = { _ in }) async throws -> Int {
        var delivered = 0
        for start in stride(from: 0, to: messages.count, by: 5_000) {
            let chunk = Array(messages[start..<min(start + 5_000, messages.count)])
            delivered += try await producer.send(chunk).count
            progress(delivered)
        }
        return delivered
    }

    /// A registration event as a message in its township's partition, keyed by the resident, with the wire headers;
    /// the same event always gives the same message.
    func message(_ event: EventEnvelope<RegistrationSubmitted>) throws -> KafkaProducerMessage {
        try event.kafkaMessage(
            topic: try registrationTopic, plan: context.plan, key: MessageKey.resident(event.payload.residentId)
        )
    }

    /// A raw registration value (as generated, possibly malformed) as a message in its township's partition.
    func message(value: [UInt8], townshipCode: String, residentId: String, eventId: UUID?) throws -> KafkaProducerMessage {
        let key = MessageKey.resident(residentId)
        var message = KafkaProducerMessage(
            topic: try registrationTopic, partition: try context.plan.partition(townshipCode: townshipCode, key: key),
            key: key, value: value
        )
        if let eventId {
            EventEnvelope<RegistrationSubmitted>.forEachHeader(eventId: eventId) { message.addHeader($0, bytes: $1) }
        }
        return message
    }

    func shutdown() async throws { try await producer.shutdown() }
}
