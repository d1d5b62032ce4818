import Kafka
import PensionDomain
import PensionStore

/// Builds dead-letter messages: the original key, value and headers, plus headers naming the source and the
/// error. The value is never logged; the error message names the field, not its value.
enum DeadLetters {
    /// On a dead letter whose value was cut to fit the producer's limit: the original value's length in bytes.
    static let truncatedHeader = WireHeaders.deadLetterValueTruncated
    /// Room left for a follow-up's record framing when checking it against the producer's limit.
    static let recordOverhead = 512

    /// The dead letter of `source`. When it would exceed `maxBytes`, the value is cut (headers and key kept) and
    /// ``truncatedHeader`` records the original length, so the partition can always move on.
    static func message(
        for source: KafkaMessage, reason: DeadLetterReason, topic: String, maxBytes: Int
    ) -> KafkaProducerMessage {
        var headers = source.headers
        headers.append(KafkaHeader(WireHeaders.deadLetterSourceTopic, source.topic))
        headers.append(KafkaHeader(WireHeaders.deadLetterSourcePartition, String(source.partition)))
        headers.append(KafkaHeader(WireHeaders.deadLetterSourceOffset, String(source.offset)))
        headers.append(KafkaHeader(WireHeaders.deadLetterErrorCode, reason.code))
        if let field = reason.field { headers.append(KafkaHeader(WireHeaders.deadLetterErrorField, field)) }
        headers.append(KafkaHeader(WireHeaders.deadLetterErrorMessage, reason.message))
        var message = KafkaProducerMessage(topic: topic, partition: source.partition, key: nil, value: source.value, headers: headers)
        message.key = source.key
        if message.wireSize > maxBytes {
            message.addHeader(truncatedHeader, String(source.value.count))
            message.value.removeLast(min(message.value.count, message.wireSize - maxBytes))
        }
        return message
    }

    static func record(for source: KafkaMessage, reason: DeadLetterReason, stage: String, townshipCode: String?)
        -> DeadLetterRecord
    {
        DeadLetterRecord(
            source: source.position, stage: stage, townshipCode: townshipCode, errorCode: reason.code,
            errorField: reason.field, replayOf: source.headers[header: WireHeaders.deadLetterReplayOf]
        )
    }
}

/// Why a message was parked: a stable code, the field at fault if known, and a message without field values.
struct DeadLetterReason: Error, Sendable, Equatable {
    var code: String
    var field: String?
    var message: String

    init(code: String, field: String? = nil, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    init(_ error: EventDecodingError) {
        self.init(code: error.code.rawValue, field: error.field, message: error.message)
    }

    /// A township code the partition plan does not know.
    static let unknownTownship = DeadLetterReason(
        code: "unknown_township", field: "townshipCode", message: "not a township of the partition plan"
    )

    /// A follow-up larger than the producer accepts.
    static let tooLarge = DeadLetterReason(
        code: "too_large", message: "a follow-up event is larger than the producer's message.max.bytes"
    )

    /// A record the store refuses for good (a constraint).
    static func storeRejected(_ code: String) -> DeadLetterReason {
        DeadLetterReason(code: code, message: "the store refused the record (constraint)")
    }
}

extension KafkaMessage {
    /// Where this message came from, as the store records it.
    var position: SourcePosition { SourcePosition(topic: topic, partition: partition, offset: offset) }
}

extension KafkaProducerMessage {
    /// The outbox message as a Kafka message, byte for byte.
    init(_ outbox: OutboxMessage) {
        self.init(topic: outbox.topic, partition: outbox.partition, key: nil, value: outbox.value)
        key = outbox.key
        outbox.forEachHeader { name, value in addHeader(String(decoding: name, as: UTF8.self), bytes: value) }
    }
}
