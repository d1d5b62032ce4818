import CRDKafka
import Dispatch
import Logging

/// Owns one `rd_kafka_t` and has it destroyed when released; every other type talks to librdkafka through it.
final class RDKafkaClient: @unchecked Sendable {
    enum Kind { case producer, consumer }

    let handle: OpaquePointer
    let kind: Kind
    let logger: Logger
    let context: RDKafkaContext
    /// Serial queue for blocking librdkafka calls, so they never run on Swift concurrency's threads.
    let queue: DispatchQueue

    /// Where every client is destroyed. `rd_kafka_destroy` (and the `rd_kafka_consumer_close` before it for a
    /// consumer nobody closed) can block for seconds, and the last release of a client can happen on any thread,
    /// a Swift concurrency thread included: `deinit` only hands the handle over to this queue.
    static let destroyQueue = DispatchQueue(label: "kafka.destroy")

    private init(handle: OpaquePointer, kind: Kind, logger: Logger, context: RDKafkaContext, queue: DispatchQueue) {
        self.handle = handle
        self.kind = kind
        self.logger = logger
        self.context = context
        self.queue = queue
    }

    deinit {
        let (handle, kind, logger, context) = (UnsafeHandle(handle), kind, logger, context)
        Self.destroyQueue.async { Self.destroy(handle.pointer, kind: kind, logger: logger, context: context) }
    }

    /// Closes a consumer that was not closed (committing finished work and leaving its group), destroys the
    /// handle, then releases the context the callbacks used. Runs on ``destroyQueue`` only.
    private static func destroy(_ handle: OpaquePointer, kind: Kind, logger: Logger, context: RDKafkaContext) {
        if kind == .consumer && rd_kafka_consumer_closed(handle) == 0 {
            logger.warning("consumer released without close(); closing it before destroying it")
            let err = rd_kafka_consumer_close(handle)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                let code = KafkaError.rdKafka(err).code.name
                logger.warning("close before destroy failed", metadata: ["kafka.error.code": "\(code)"])
            }
        }
        rd_kafka_destroy(handle)
        Unmanaged.passUnretained(context).release()
    }

    /// Creates a client from librdkafka properties; the context receives its callbacks.
    static func make(
        kind: Kind, properties: [String: String], context: RDKafkaContext, logger: Logger
    ) throws(KafkaError) -> RDKafkaClient {
        try KafkaVersion.requireMinimum()
        guard let conf = rd_kafka_conf_new() else { throw .client("rd_kafka_conf_new failed") }
        var errorText = [CChar](repeating: 0, count: 512)
        for (key, value) in properties.sorted(by: { $0.key < $1.key }) {
            let result = rd_kafka_conf_set(conf, key, value, &errorText, errorText.count)
            guard result == RD_KAFKA_CONF_OK else {
                rd_kafka_conf_destroy(conf)
                throw .client("librdkafka property \(key): \(text(errorText))")
            }
        }
        context.install(on: conf, kind: kind)
        let opaque = Unmanaged.passRetained(context)
        rd_kafka_conf_set_opaque(conf, opaque.toOpaque())

        let type = kind == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER
        guard let handle = rd_kafka_new(type, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)
            opaque.release()
            throw .client("rd_kafka_new: \(text(errorText))")
        }
        let name = String(cString: rd_kafka_name(handle))
        return RDKafkaClient(
            handle: handle, kind: kind, logger: logger, context: context,
            queue: DispatchQueue(label: "kafka.\(name)")
        )
    }

    /// Runs a blocking librdkafka call on this client's serial queue (or on `other`) and resumes the caller when it
    /// returns.
    func blocking<T: Sendable>(
        on other: DispatchQueue? = nil, _ body: @escaping @Sendable (OpaquePointer) throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            (other ?? queue).async { [self] in
                continuation.resume(with: Result { try body(self.handle) })
            }
        }
    }

    /// Like ``blocking(on:_:)`` on this client's queue, but resumes the caller with a `_TIMED_OUT` ``KafkaError``
    /// once `timeout` has passed, even while the call is still running. The call then goes on; its result is
    /// dropped, and the client stays alive until it returns.
    /// - Parameters:
    ///   - timeout: how long the caller waits.
    ///   - what: names the call in the timeout error.
    func blocking<T: Sendable>(
        timeout: Duration, _ what: String, _ body: @escaping @Sendable (OpaquePointer) throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let once = ResumeOnce(continuation)
            queue.async { [self] in once.resume(with: Result { try body(self.handle) }) }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout.dispatchInterval) {
                once.resume(with: .failure(
                    KafkaError.rdKafka(RD_KAFKA_RESP_ERR__TIMED_OUT, "\(what) did not finish within \(timeout)")
                ))
            }
        }
    }

    static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The librdkafka instance name, e.g. `pension#consumer-1`.
    var name: String { String(cString: rd_kafka_name(handle)) }
}

/// Receives librdkafka's callbacks for one client. Subclasses add delivery reports and rebalances.
class RDKafkaContext: @unchecked Sendable {
    let logger: Logger

    init(logger: Logger) { self.logger = logger }

    func install(on conf: OpaquePointer, kind: RDKafkaClient.Kind) {
        rd_kafka_conf_set_log_cb(conf) { rk, level, facility, text in
            guard let rk, let context = RDKafkaContext.from(rk) else { return }
            context.log(level: level, facility: facility.map { String(cString: $0) } ?? "", text: text.map { String(cString: $0) } ?? "")
        }
        rd_kafka_conf_set_error_cb(conf) { rk, err, reason, _ in
            guard let rk, let context = RDKafkaContext.from(rk) else { return }
            let error = KafkaError.rdKafka(rd_kafka_resp_err_t(err), reason.map { String(cString: $0) })
            context.logger.log(
                level: error.isFatal ? .critical : .warning, "librdkafka error",
                metadata: ["kafka.error.code": "\(error.code.name)", "kafka.error.message": "\(error.message)"]
            )
        }
    }

    static func from(_ rk: OpaquePointer) -> RDKafkaContext? {
        rd_kafka_opaque(rk).map { Unmanaged<RDKafkaContext>.fromOpaque($0).takeUnretainedValue() }
    }

    private func log(level: Int32, facility: String, text: String) {
        // librdkafka uses syslog levels: 0 emergency … 7 debug.
        let mapped: Logger.Level =
            switch level {
            case ...2: .critical
            case 3: .error
            case 4: .warning
            case 5: .notice
            case 6: .info
            default: .debug
            }
        logger.log(level: mapped, "\(text)", metadata: ["kafka.facility": "\(facility)"])
    }
}
