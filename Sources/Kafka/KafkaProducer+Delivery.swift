import CRDKafka
import Synchronization

/// Where one message's delivery report goes: passed to librdkafka as the message opaque, retained once per message.
class DeliveryTarget: @unchecked Sendable {
    /// Takes the report of one message, on the thread serving delivery reports; `topic` names its topic.
    func report(_ message: rd_kafka_message_t, topic: () -> String) {}
}

/// A message's place in a ``DeliveryBatch`` that keeps every report.
final class DeliveryTicket: DeliveryTarget, @unchecked Sendable {
    let batch: DeliveryBatch
    let index: Int

    init(batch: DeliveryBatch, index: Int) {
        self.batch = batch
        self.index = index
    }

    override func report(_ message: rd_kafka_message_t, topic: () -> String) {
        guard message.err == RD_KAFKA_RESP_ERR_NO_ERROR else { return batch.failed(message.err) }
        batch.delivered(
            index, KafkaDeliveryReport(topicPartition: TopicPartition(topic(), message.partition), offset: message.offset)
        )
    }
}

/// Collects the delivery reports of messages sent together and wakes the sender when all are in.
///
/// A batch made with `reports: 0` is itself the target of its messages and only counts them: no ticket and no
/// report is made per message.
final class DeliveryBatch: DeliveryTarget, @unchecked Sendable {
    private struct State {
        var reports: [KafkaDeliveryReport?]
        var firstError: KafkaError?
        var pending = 0
        var sealed = false
        var continuation: CheckedContinuation<Void, Never>?

        var isDone: Bool { sealed && pending == 0 }
    }

    private let state: Mutex<State>
    private let keepsReports: Bool

    /// - Parameter reports: how many reports to keep (one per message), or 0 to only count deliveries.
    init(reports: Int) {
        state = Mutex(State(reports: Array(repeating: nil, count: reports)))
        keepsReports = reports > 0
    }

    /// The target to hand librdkafka for message `index`.
    func target(for index: Int) -> DeliveryTarget {
        keepsReports ? DeliveryTicket(batch: self, index: index) : self
    }

    func willEnqueue() { state.withLock { $0.pending += 1 } }

    func didNotEnqueue() { finish { $0.pending -= 1 } }

    override func report(_ message: rd_kafka_message_t, topic: () -> String) {
        guard message.err == RD_KAFKA_RESP_ERR_NO_ERROR else { return failed(message.err) }
        finish { $0.pending -= 1 }
    }

    func delivered(_ index: Int, _ report: KafkaDeliveryReport) {
        finish {
            $0.reports[index] = report
            $0.pending -= 1
        }
    }

    func failed(_ code: rd_kafka_resp_err_t) {
        finish {
            $0.firstError = $0.firstError ?? KafkaError.rdKafka(code, "delivery")
            $0.pending -= 1
        }
    }

    /// No more messages will be added; waits for the outstanding ones.
    /// - Returns: the kept reports in message order (none for a counting batch), or the first error.
    func seal() async -> Result<[KafkaDeliveryReport], KafkaError> {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state in
                state.sealed = true
                if state.isDone { return true }
                state.continuation = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
        return state.withLock { state in
            if let error = state.firstError { return .failure(error) }
            let reports = state.reports.compactMap { $0 }
            return reports.count == state.reports.count
                ? .success(reports) : .failure(.client("some messages were not queued"))
        }
    }

    private func finish(_ update: (inout State) -> Void) {
        let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
            update(&state)
            guard state.isDone else { return nil }
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume()
    }
}
