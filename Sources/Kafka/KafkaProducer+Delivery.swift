import Synchronization

/// One message's place in a ``DeliveryBatch``; passed to librdkafka as the message opaque.
final class DeliveryTicket: Sendable {
    let batch: DeliveryBatch
    let index: Int

    init(batch: DeliveryBatch, index: Int) {
        self.batch = batch
        self.index = index
    }
}

/// Collects the delivery reports of messages sent together and wakes the sender when all are in.
final class DeliveryBatch: Sendable {
    private struct State {
        var reports: [KafkaDeliveryReport?]
        var firstError: KafkaError?
        var pending = 0
        var sealed = false
        var continuation: CheckedContinuation<Void, Never>?

        var isDone: Bool { sealed && pending == 0 }
    }

    private let state: Mutex<State>

    init(count: Int) { state = Mutex(State(reports: Array(repeating: nil, count: count))) }

    func willEnqueue() { state.withLock { $0.pending += 1 } }

    func didNotEnqueue() { finish { $0.pending -= 1 } }

    func delivered(_ index: Int, _ report: KafkaDeliveryReport) {
        finish {
            $0.reports[index] = report
            $0.pending -= 1
        }
    }

    func failed(_ index: Int, _ error: KafkaError) {
        finish {
            $0.firstError = $0.firstError ?? error
            $0.pending -= 1
        }
    }

    /// No more messages will be added; waits for the outstanding ones.
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
