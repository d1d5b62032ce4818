/// How the stage runtime handles a failed step, decided by the error's type.
public enum FailureKind: Sendable, Equatable {
    /// The failure belongs to one message and will never succeed: the message is dead-lettered with this reason
    /// code and the partition moves on.
    case message(reason: String)
    /// A service (broker, store) is unavailable: the step is retried with backoff and nothing is committed.
    case infrastructure
    /// The process cannot go on (a damaged store, a schema it does not know): it stops with a non-zero exit.
    case fatal
}

/// An error that says itself how the runtime handles it.
public protocol ClassifiedError: Error {
    /// How the runtime handles this error.
    var failureKind: FailureKind { get }
}
