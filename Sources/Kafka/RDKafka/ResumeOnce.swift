import Dispatch
import Synchronization

/// A continuation that two racing parties (a blocking call and its timer) may both try to resume: the first one
/// wins, the other's result is dropped.
final class ResumeOnce<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T, any Error>?>

    init(_ continuation: CheckedContinuation<T, any Error>) { self.continuation = Mutex(continuation) }

    /// Resumes the continuation unless it was resumed before.
    /// - Returns: whether this call resumed it.
    @discardableResult
    func resume(with result: Result<T, any Error>) -> Bool {
        guard let continuation = continuation.withLock({ $0.take() }) else { return false }
        continuation.resume(with: result)
        return true
    }
}

extension Duration {
    /// The duration for Dispatch, in nanoseconds (negative durations count as zero).
    var dispatchInterval: DispatchTimeInterval {
        let (seconds, attoseconds) = components
        let (nanoseconds, overflow) = max(0, seconds).multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return .never }
        return .nanoseconds(Int(clamping: nanoseconds.addingReportingOverflow(max(0, attoseconds) / 1_000_000_000).0))
    }
}
