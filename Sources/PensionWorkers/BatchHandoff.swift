import Synchronization

/// Hands batches from one pipeline step to the next, where the receiver takes every batch waiting at once.
///
/// Sending never waits: the number of batches in flight is bounded where they are polled. The receiver can then
/// write all the batches that queued up behind a slow store in one transaction (group commit).
final class BatchHandoff<Element: Sendable>: Sendable {
    private struct State {
        var waiting: [Element] = []
        var receiver: CheckedContinuation<[Element], Never>?
        var finished = false
    }

    private let state = Mutex(State())

    /// Queues `element`, or hands it straight to a waiting receiver.
    func send(_ element: Element) {
        let receiver = state.withLock { state -> CheckedContinuation<[Element], Never>? in
            guard let receiver = state.receiver else {
                state.waiting.append(element)
                return nil
            }
            state.receiver = nil
            return receiver
        }
        receiver?.resume(returning: [element])
    }

    /// No more elements will be sent; the receiver gets what is waiting, then an empty array.
    func finish() {
        let receiver = state.withLock { state -> CheckedContinuation<[Element], Never>? in
            state.finished = true
            defer { state.receiver = nil }
            return state.receiver
        }
        receiver?.resume(returning: [])
    }

    /// The elements waiting (at most `limit`), in the order sent, after waiting for at least one; empty once
    /// finished or when the task is cancelled.
    func take(upTo limit: Int = .max) async -> [Element] {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<[Element], Never>) in
                let ready = state.withLock { state -> [Element]? in
                    if !state.waiting.isEmpty {
                        let count = min(max(1, limit), state.waiting.count)
                        defer { state.waiting.removeFirst(count) }
                        return Array(state.waiting.prefix(count))
                    }
                    if state.finished || Task.isCancelled { return [] }
                    state.receiver = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            finish()
        }
    }
}

/// Where the events of several batches written together sit in the combined list.
struct GroupedEvents {
    /// The index in the combined list of each batch's first event, and the total at the end.
    private let starts: [Int]

    /// - Parameter counts: the events of each batch, in order.
    init(_ counts: [Int]) {
        var starts = [0]
        for count in counts { starts.append(starts[starts.count - 1] + count) }
        self.starts = starts
    }

    /// The combined indices of batch `batch`'s events.
    func range(_ batch: Int) -> Range<Int> { starts[batch]..<starts[batch + 1] }

    /// The batch and the index within it of the combined list's event `index`.
    func locate(_ index: Int) -> (batch: Int, local: Int) {
        let batch = starts.lastIndex { $0 <= index && $0 < starts[starts.count - 1] } ?? 0
        return (batch, index - starts[batch])
    }
}
