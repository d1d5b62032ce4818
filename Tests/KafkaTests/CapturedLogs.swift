import Logging
import Synchronization

/// Keeps the messages logged through its loggers, so a test can check what a client logged.
final class CapturedLogs: Sendable {
    private let messages = Mutex<[String]>([])

    /// Everything logged so far, in order.
    var all: [String] { messages.withLock { $0 } }

    /// A logger whose lines at `level` or above land here.
    func logger(level: Logger.Level = .warning) -> Logger {
        var logger = Logger(label: "captured") { _ in Handler(logs: self) }
        logger.logLevel = level
        return logger
    }

    fileprivate func append(_ message: String) { messages.withLock { $0.append(message) } }

    private struct Handler: LogHandler {
        let logs: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        var metadataProvider: Logger.MetadataProvider?

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) { logs.append(event.message.description) }
    }
}
