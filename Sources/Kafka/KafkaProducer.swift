import CRDKafka
import Dispatch
import Logging
import Synchronization

/// Sends messages to Kafka and awaits their delivery reports.
///
/// Idempotence is on by default. When librdkafka's local queue is full, sending waits until there is room
/// (backpressure) instead of dropping. A dedicated thread serves delivery reports; ``shutdown(timeout:)`` flushes
/// everything still queued and stops that thread.
public final class KafkaProducer: Sendable {
    private let client: RDKafkaClient
    /// The delivery-report thread's switch; also whether sends are accepted.
    let pollLoop: PollLoop
    /// The settings this producer was made with; ``KafkaProducerConfiguration/maxMessageBytes`` is the limit
    /// ``KafkaProducerMessage/wireSize`` is compared with.
    public let configuration: KafkaProducerConfiguration

    private init(client: RDKafkaClient, configuration: KafkaProducerConfiguration) {
        self.client = client
        self.configuration = configuration
        self.pollLoop = PollLoop()
    }

    /// Creates a producer and starts serving its delivery reports.
    /// - Parameters:
    ///   - configuration: producer settings.
    ///   - logger: receives librdkafka's log lines.
    /// - Throws: ``KafkaError`` for a bad or protected property (see ``KafkaConfiguration``) or an unsupported
    ///   librdkafka.
    public static func make(configuration: KafkaProducerConfiguration, logger: Logger) throws -> KafkaProducer {
        var logger = logger
        logger[metadataKey: "kafka.client.id"] = "\(configuration.kafka.clientID)"
        let client = try RDKafkaClient.make(
            kind: .producer, properties: configuration.checkedProperties(),
            context: ProducerContext(logger: logger), logger: logger
        )
        let producer = KafkaProducer(client: client, configuration: configuration)
        producer.startPolling()
        return producer
    }

    deinit { pollLoop.stop() }

    private func startPolling() {
        let (client, loop) = (client, pollLoop)
        DispatchQueue(label: "kafka.\(client.name).poll").async {
            while loop.isRunning { rd_kafka_poll(client.handle, 50) }
            loop.didFinish()
        }
    }

    /// Sends one message and waits until the broker has stored it.
    /// - Parameter message: the message.
    /// - Returns: where the message was stored.
    /// - Throws: ``KafkaError`` when the message cannot be queued or delivered.
    @discardableResult
    public func send(_ message: KafkaProducerMessage) async throws -> KafkaDeliveryReport {
        try await send([message])[0]
    }

    /// Queues all messages, then waits until every one is stored; faster than sending one by one.
    /// - Parameter messages: the messages, sent in order (order is kept within a partition).
    /// - Returns: one report per message, in the same order.
    /// - Throws: the first ``KafkaError`` of any message; the others were still sent and awaited.
    @discardableResult
    public func send(_ messages: [KafkaProducerMessage]) async throws -> [KafkaDeliveryReport] {
        try await send(messages, batch: DeliveryBatch(reports: messages.count))
    }

    /// Like ``send(_:)-([KafkaProducerMessage])``, but keeps no report per message: for a sender that only needs to
    /// know that all were stored, which saves an object and a report per message.
    /// - Throws: the first ``KafkaError`` of any message; the others were still sent and awaited.
    public func deliver(_ messages: [KafkaProducerMessage]) async throws {
        _ = try await send(messages, batch: DeliveryBatch(reports: 0))
    }

    private func send(_ messages: [KafkaProducerMessage], batch: DeliveryBatch) async throws -> [KafkaDeliveryReport] {
        guard pollLoop.isRunning else { throw KafkaError.client("the producer was shut down") }
        var enqueueError: (any Error)?
        for index in messages.indices {
            do {
                try await enqueue(messages[index], target: batch.target(for: index), batch: batch)
            } catch {
                enqueueError = error
                break
            }
        }
        let reports = await batch.seal()
        if let enqueueError { throw enqueueError }
        return try reports.get()
    }

    private func enqueue(_ message: KafkaProducerMessage, target: DeliveryTarget, batch: DeliveryBatch) async throws {
        while true {
            // Checked per message: once shut down, nothing would serve a new message's report.
            guard pollLoop.isRunning else { throw KafkaError.client("the producer was shut down") }
            let err = produce(message, target: target, batch: batch)
            switch err {
            case RD_KAFKA_RESP_ERR_NO_ERROR:
                return
            case RD_KAFKA_RESP_ERR__QUEUE_FULL:
                try await Task.sleep(for: .milliseconds(1))  // backpressure: wait for deliveries to drain the queue
            default:
                throw KafkaError.rdKafka(err, "produce to \(message.topic)")
            }
        }
    }

    private func produce(_ message: KafkaProducerMessage, target: DeliveryTarget, batch: DeliveryBatch) -> rd_kafka_resp_err_t {
        var headers: OpaquePointer?
        if !message.packedHeaders.isEmpty {
            let list = rd_kafka_headers_new(4)  // an initial size; the list grows as needed
            message.packedHeaders.forEach { name, value in
                _ = rd_kafka_header_add(
                    list, name.baseAddress?.assumingMemoryBound(to: CChar.self), name.count, value?.baseAddress, value?.count ?? 0
                )
            }
            headers = list
        }
        batch.willEnqueue()
        let opaque = Unmanaged.passRetained(target)
        let err = message.topic.withCString { topic in
            message.value.withUnsafeBytes { value in
                (message.key ?? []).withUnsafeBytes { key in
                    withUnsafeTemporaryAllocation(of: rd_kafka_vu_t.self, capacity: 7) { fields in
                        let count = headers == nil ? 6 : 7
                        fields.initialize(repeating: rd_kafka_vu_t())
                        fields[0].vtype = RD_KAFKA_VTYPE_TOPIC
                        fields[0].u.cstr = topic
                        fields[1].vtype = RD_KAFKA_VTYPE_PARTITION
                        fields[1].u.i32 = message.partition ?? -1
                        fields[2].vtype = RD_KAFKA_VTYPE_VALUE
                        fields[2].u.mem = .init(ptr: UnsafeMutableRawPointer(mutating: value.baseAddress), size: value.count)
                        fields[3].vtype = RD_KAFKA_VTYPE_KEY
                        fields[3].u.mem = .init(
                            ptr: message.key == nil ? nil : UnsafeMutableRawPointer(mutating: key.baseAddress), size: key.count
                        )
                        fields[4].vtype = RD_KAFKA_VTYPE_OPAQUE
                        fields[4].u.ptr = opaque.toOpaque()
                        fields[5].vtype = RD_KAFKA_VTYPE_MSGFLAGS
                        fields[5].u.i = RD_KAFKA_MSG_F_COPY
                        if let headers {
                            fields[6].vtype = RD_KAFKA_VTYPE_HEADERS
                            fields[6].u.headers = headers
                        }
                        guard let error = rd_kafka_produceva(client.handle, fields.baseAddress, count) else {
                            return RD_KAFKA_RESP_ERR_NO_ERROR
                        }
                        defer { rd_kafka_error_destroy(error) }
                        return rd_kafka_error_code(error)
                    }
                }
            }
        }
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            opaque.release()
            batch.didNotEnqueue()
            if let headers { rd_kafka_headers_destroy(headers) }
        }
        return err
    }

    /// Waits until every queued message is delivered or failed.
    /// - Parameter timeout: how long to wait.
    /// - Throws: ``KafkaError`` (`_TIMED_OUT`) when messages are still queued after `timeout`.
    public func flush(timeout: Duration = .seconds(30)) async throws {
        let milliseconds = timeout.milliseconds
        let err = try await client.blocking { rd_kafka_flush($0, milliseconds) }
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.rdKafka(err, "flush") }
    }

    /// Messages queued or in flight.
    public var outstanding: Int { Int(rd_kafka_outq_len(client.handle)) }

    /// Flushes queued messages and stops serving delivery reports. Sending after this throws.
    ///
    /// When messages are still queued after `timeout`, they are purged (locally queued and in-flight alike), so
    /// every ``send(_:)-(KafkaProducerMessage)`` or ``deliver(_:)`` still waiting for them throws
    /// `_PURGE_QUEUE`/`_PURGE_INFLIGHT` instead of waiting forever; serving those reports takes at most one more
    /// second. The delivery-report thread stops in every case.
    /// - Parameter timeout: how long to wait for queued messages.
    /// - Throws: ``KafkaError`` (`_TIMED_OUT`) when messages could not be delivered in time.
    public func shutdown(timeout: Duration = .seconds(30)) async throws {
        defer { pollLoop.stop() }
        do {
            try await flush(timeout: timeout)
        } catch {
            let purged = try? await client.blocking { handle in
                rd_kafka_purge(handle, Int32(RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT))
                return rd_kafka_flush(handle, 1_000)  // serves the purged messages' reports
            }
            if purged != RD_KAFKA_RESP_ERR_NO_ERROR {
                client.logger.warning(
                    "purged messages still without a report", metadata: ["kafka.outq": "\(outstanding)"]
                )
            }
            throw error
        }
    }
}

/// The switch of a producer's delivery-report thread. The thread holds this, not the producer, so a producer that
/// is released stops its thread (its `deinit` calls ``stop()``).
final class PollLoop: Sendable {
    private let running = Atomic(true)
    private let finished = Atomic(false)

    /// Whether the thread should go on serving reports.
    var isRunning: Bool { running.load(ordering: .acquiring) }
    /// Whether the thread has left its loop.
    var hasFinished: Bool { finished.load(ordering: .acquiring) }

    func stop() { running.store(false, ordering: .releasing) }
    func didFinish() { finished.store(true, ordering: .releasing) }
}

/// Delivery reports arrive here, on the poll thread.
private final class ProducerContext: RDKafkaContext, @unchecked Sendable {
    /// Reports are served by the poll thread, and also by `flush`: hence the lock.
    private let topicNames = Mutex(TopicNames())

    override func install(on conf: OpaquePointer, kind: RDKafkaClient.Kind) {
        super.install(on: conf, kind: kind)
        rd_kafka_conf_set_dr_msg_cb(conf) { rk, message, _ in
            guard let message = message?.pointee, let target = message._private else { return }
            Unmanaged<DeliveryTarget>.fromOpaque(target).takeRetainedValue().report(message) {
                let context = rk.flatMap(RDKafkaContext.from).map { unsafeDowncast($0, to: ProducerContext.self) }
                return context?.topicNames.withLock { $0.name(of: message.rkt) } ?? ""
            }
        }
    }
}
