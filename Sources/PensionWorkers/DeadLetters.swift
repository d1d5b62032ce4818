import Kafka
import PensionDomain
import PensionStore

/// Builds dead-letter messages: the original key, value and headers, plus headers naming the source and the
/// error. The value is never logged; the error message names the field, not its value.
enum DeadLetters {
    static func message(for source: KafkaMessage, error: EventDecodingError, topic: String) -> KafkaProducerMessage {
        var headers = source.headers
        headers.append(KafkaHeader(WireHeaders.deadLetterSourceTopic, source.topic))
        headers.append(KafkaHeader(WireHeaders.deadLetterSourcePartition, String(source.partition)))
        headers.append(KafkaHeader(WireHeaders.deadLetterSourceOffset, String(source.offset)))
        headers.append(KafkaHeader(WireHeaders.deadLetterErrorCode, error.code.rawValue))
        if let field = error.field { headers.append(KafkaHeader(WireHeaders.deadLetterErrorField, field)) }
        headers.append(KafkaHeader(WireHeaders.deadLetterErrorMessage, error.message))
        var message = KafkaProducerMessage(
            topic: topic, partition: source.partition, key: nil, value: source.value, headers: headers
        )
        message.key = source.key
        return message
    }

    static func record(for source: KafkaMessage, error: EventDecodingError, stage: String, townshipCode: String?)
        -> DeadLetterRecord
    {
        DeadLetterRecord(
            source: SourcePosition(topic: source.topic, partition: source.partition, offset: source.offset),
            stage: stage, townshipCode: townshipCode, errorCode: error.code.rawValue, errorField: error.field
        )
    }
}

extension KafkaMessage {
    /// Where this message came from, as the store records it.
    var position: SourcePosition { SourcePosition(topic: topic, partition: partition, offset: offset) }
}
