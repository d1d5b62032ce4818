import CRDKafka

/// An error from the Kafka client: librdkafka's error code name and message, or a client-side failure.
///
/// Every error is of one of three kinds, which tell a caller what to do with the work that failed:
/// - **fatal** (``isFatal``): the client instance can no longer be used; make a new one (in a worker: stop and
///   let the process restart).
/// - **message-specific** (``isMessageSpecific``): the error belongs to one message and sending that message again
///   will never succeed (too large, rejected as invalid by the broker). Park the message (dead letter) and go on.
/// - **infrastructure**, everything else: the broker, the network, the coordinator or the topic layout is not
///   (yet) as needed. Retry the operation with backoff; ``isRetriable`` marks the codes librdkafka or Kafka
///   declare transient. A local delivery timeout (`_MSG_TIMED_OUT`) is of this kind: the message itself was fine.
public struct KafkaError: Error, Sendable, CustomStringConvertible {
    /// A librdkafka error code, kept as a struct so new codes don't break callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The raw `rd_kafka_resp_err_t` value.
        public let rawValue: Int32

        /// The librdkafka name of the code, e.g. `_QUEUE_FULL` or `UNKNOWN_TOPIC_OR_PART`.
        public var name: String { String(cString: rd_kafka_err2name(rd_kafka_resp_err_t(rawValue))) }

        public var description: String { name }

        init(_ err: rd_kafka_resp_err_t) { rawValue = err.rawValue }

        /// Failures that librdkafka itself did not report (configuration, version, closed client).
        public static let client = Code(rawValue: -10_000)
        /// Local: queue full.
        public static let queueFull = Code(RD_KAFKA_RESP_ERR__QUEUE_FULL)
        /// Local: timed out.
        public static let timedOut = Code(RD_KAFKA_RESP_ERR__TIMED_OUT)
        /// The topic already exists.
        public static let topicAlreadyExists = Code(RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
        /// No offset to commit.
        public static let noOffset = Code(RD_KAFKA_RESP_ERR__NO_OFFSET)
        /// The message is larger than `message.max.bytes` (librdkafka) or the topic's limit (broker).
        public static let messageSizeTooLarge = Code(RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE)

        private init(rawValue: Int32) { self.rawValue = rawValue }
    }

    /// The error code.
    public let code: Code
    /// A human-readable message; it never contains message payloads.
    public let message: String
    /// The client instance can no longer be used.
    public let isFatal: Bool
    /// Trying the same operation again may succeed.
    public let isRetriable: Bool
    /// Where in this module the error was raised.
    public let location: String

    /// The error belongs to one message and retrying that message will never succeed: `MSG_SIZE_TOO_LARGE`,
    /// `INVALID_MSG` (corrupt record), `INVALID_MSG_SIZE`, `RECORD_LIST_TOO_LARGE`, `INVALID_RECORD`.
    ///
    /// Not message-specific, on purpose: `_MSG_TIMED_OUT` (the broker was unreachable long enough, not the
    /// message's fault) and `_UNKNOWN_PARTITION` / `UNKNOWN_TOPIC_OR_PART` (the topic has fewer partitions than
    /// the partition plan, or does not exist yet: every message to it fails alike until the topic is fixed, so
    /// parking them would dead-letter good messages). A fatal error is never message-specific.
    public var isMessageSpecific: Bool { !isFatal && Self.messageSpecificCodes.contains(code.rawValue) }

    public var description: String {
        code == .client ? "Kafka: \(message)" : "Kafka \(code.name): \(message)"
    }

    static func rdKafka(
        _ err: rd_kafka_resp_err_t, _ context: String? = nil, fileID: String = #fileID, line: Int = #line
    ) -> KafkaError {
        let text = String(cString: rd_kafka_err2str(err))
        return KafkaError(
            code: Code(err),
            message: context.map { "\($0): \(text)" } ?? text,
            isFatal: err == RD_KAFKA_RESP_ERR__FATAL,
            isRetriable: retriableCodes.contains(err.rawValue),
            location: "\(fileID):\(line)"
        )
    }

    /// Takes ownership of `error` and destroys it.
    static func rdKafka(
        error: OpaquePointer, _ context: String? = nil, fileID: String = #fileID, line: Int = #line
    ) -> KafkaError {
        defer { rd_kafka_error_destroy(error) }
        let text = String(cString: rd_kafka_error_string(error))
        return KafkaError(
            code: Code(rd_kafka_error_code(error)),
            message: context.map { "\($0): \(text)" } ?? text,
            isFatal: rd_kafka_error_is_fatal(error) != 0,
            isRetriable: rd_kafka_error_is_retriable(error) != 0
                || retriableCodes.contains(rd_kafka_error_code(error).rawValue),
            location: "\(fileID):\(line)"
        )
    }

    static func client(_ message: String, fileID: String = #fileID, line: Int = #line) -> KafkaError {
        KafkaError(code: .client, message: message, isFatal: false, isRetriable: false, location: "\(fileID):\(line)")
    }

    private static let messageSpecificCodes: Set<Int32> = [
        RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE, RD_KAFKA_RESP_ERR_INVALID_MSG, RD_KAFKA_RESP_ERR_INVALID_MSG_SIZE,
        RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE, RD_KAFKA_RESP_ERR_INVALID_RECORD,
    ].reduce(into: []) { $0.insert($1.rawValue) }

    private static let retriableCodes: Set<Int32> = [
        RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__TIMED_OUT,
        RD_KAFKA_RESP_ERR__QUEUE_FULL, RD_KAFKA_RESP_ERR__WAIT_COORD, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
        RD_KAFKA_RESP_ERR_NOT_COORDINATOR, RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
        RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS, RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE,
        RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION,
        RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS, RD_KAFKA_RESP_ERR__RESOLVE,
    ].reduce(into: []) { $0.insert($1.rawValue) }
}
