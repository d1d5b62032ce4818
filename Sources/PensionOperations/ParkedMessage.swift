import Kafka
import PensionDomain
import PensionStore

/// A dead letter as it sits in its dead-letter topic: the original key, value and headers plus the `dlq-*` headers.
public struct ParkedMessage: Sendable, Hashable {
    /// Where it sits in the dead-letter topic.
    public var position: SourcePosition
    /// The original key.
    public var key: [UInt8]?
    /// The original value, or its first bytes when ``truncatedLength`` is set.
    public var value: [UInt8]
    /// The original headers followed by the `dlq-*` headers.
    public var headers: [KafkaHeader]

    /// - Parameters:
    ///   - position: where it sits in the dead-letter topic.
    ///   - key: the original key.
    ///   - value: the value.
    ///   - headers: every header.
    public init(position: SourcePosition, key: [UInt8]?, value: [UInt8], headers: [KafkaHeader]) {
        self.position = position
        self.key = key
        self.value = value
        self.headers = headers
    }

    /// The consumed message as a parked one.
    public init(_ message: KafkaMessage) {
        self.init(
            position: SourcePosition(topic: message.topic, partition: message.partition, offset: message.offset),
            key: message.key, value: message.value, headers: message.headers)
    }

    /// The source position its `dlq-source-*` headers name, or `nil` when they are missing or unreadable.
    public var source: SourcePosition? {
        guard let topic = headers[header: WireHeaders.deadLetterSourceTopic],
            let partition = headers[header: WireHeaders.deadLetterSourcePartition].flatMap({ Int32($0) }),
            let offset = headers[header: WireHeaders.deadLetterSourceOffset].flatMap({ Int64($0) })
        else { return nil }
        return SourcePosition(topic: topic, partition: partition, offset: offset)
    }

    /// The original value's length when the value was cut to fit (`dlq-value-truncated`), else `nil`.
    public var truncatedLength: String? { headers[header: WireHeaders.deadLetterValueTruncated] }

    /// The original headers: every header except the `dlq-*` ones.
    public var originalHeaders: [KafkaHeader] {
        headers.filter { !$0.key.hasPrefix(WireHeaders.deadLetterPrefix) }
    }

    /// The message that replays this letter: the original key, value and headers (without any `dlq-*` header) to
    /// the source topic and partition, with `dlq-replay-of` naming the letter.
    ///
    /// - Parameter letter: the letter's source position (its ID).
    public func replay(of letter: SourcePosition) -> KafkaProducerMessage {
        var message = KafkaProducerMessage(
            topic: letter.topic, partition: letter.partition, key: nil, value: value, headers: originalHeaders)
        message.key = key
        message.addHeader(WireHeaders.deadLetterReplayOf, letter.letterID)
        return message
    }
}
