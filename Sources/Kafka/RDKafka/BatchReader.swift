import CRDKafka
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads batches from a consumer queue with `rd_kafka_consume_batch_queue` and copies them into Swift values.
/// Used only on its consumer's serial queue.
final class BatchReader: @unchecked Sendable {
    private let buffer: UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>
    private let capacity: Int
    private let logger: Logger
    private var topicNames = TopicNames()

    init(capacity: Int, logger: Logger) {
        self.capacity = max(1, capacity)
        self.buffer = .allocate(capacity: self.capacity)
        self.logger = logger
    }

    deinit { buffer.deallocate() }

    func read(from queue: OpaquePointer, timeoutMilliseconds: Int) throws -> [KafkaMessage] {
        let count = rd_kafka_consume_batch_queue(queue, Int32(timeoutMilliseconds), buffer, capacity)
        guard count > 0 else { return [] }
        var messages: [KafkaMessage] = []
        messages.reserveCapacity(count)
        var fatal: KafkaError?
        for index in 0..<count {
            guard let raw = buffer[index] else { continue }
            defer { rd_kafka_message_destroy(raw) }
            let message = raw.pointee
            guard message.err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                let error = KafkaError.rdKafka(message.err, "consume")
                if error.isFatal { fatal = error }
                logger.warning("consumer error", metadata: ["kafka.error.code": "\(error.code.name)", "kafka.error.message": "\(error.message)"])
                continue
            }
            messages.append(convert(raw, message))
        }
        if let fatal { throw fatal }
        return messages
    }

    private func convert(_ raw: UnsafeMutablePointer<rd_kafka_message_t>, _ message: rd_kafka_message_t) -> KafkaMessage {
        let topic = topicNames.name(of: message.rkt)
        let value = message.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: message.len)) } ?? []
        let key = message.key.map { Array(UnsafeRawBufferPointer(start: $0, count: message.key_len)) }
        var headers = PackedHeaders()
        var list: OpaquePointer?
        if rd_kafka_message_headers(raw, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list {
            var name: UnsafePointer<CChar>?
            var bytes: UnsafeRawPointer?
            var size = 0
            var index = 0
            while rd_kafka_header_get_all(list, index, &name, &bytes, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
                let nameBytes = name.map { UnsafeRawBufferPointer(start: $0, count: strlen($0)) }
                headers.append(
                    name: nameBytes ?? UnsafeRawBufferPointer(start: nil, count: 0),
                    value: bytes.map { UnsafeRawBufferPointer(start: $0, count: size) }
                )
                index += 1
            }
        }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(raw, &timestampType)
        return KafkaMessage(
            topicPartition: TopicPartition(topic, message.partition), offset: message.offset, key: key, value: value,
            timestampMilliseconds: timestamp >= 0 ? timestamp : nil, packedHeaders: headers
        )
    }
}
