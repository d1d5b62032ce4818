import PensionStore
import PostgresNIO
import _ConnectionPoolModule

/// A PostgreSQL failure, described for operators: what the store was doing, the SQLSTATE and the table, column or
/// constraint the server named, never the values (the server's detail text and the statement's arguments can hold
/// resident IDs and names).
public struct PostgresStoreError: ClassifiedError, CustomStringConvertible {
    /// What the store was doing.
    public let operation: String
    /// The server's SQLSTATE, when the server answered.
    public let sqlState: String?
    /// How the worker treats it.
    public let failureKind: FailureKind
    private let explanation: String

    public var description: String {
        "PostgreSQL: \(operation) failed: \(explanation)"
    }

    /// `error` as a store error; errors that are already classified (the store's own, a callback's) pass unchanged.
    static func wrapping(_ error: any Error, during operation: String) -> any Error {
        // postgres-nio reports a failed transaction as the error of its begin, body or commit.
        if let failed = error as? PostgresTransactionError,
            let cause = failed.closureError ?? failed.beginError ?? failed.commitError
        {
            return wrapping(cause, during: operation)
        }
        if error is any ClassifiedError || error is OutboxCodec.Corrupt { return error }
        if let decoding = error as? PostgresDecodingError {
            return PostgresStoreError(
                operation: operation, sqlState: nil, failureKind: .fatal,
                explanation: "column \(decoding.columnName) could not be read as \(decoding.targetType)")
        }
        if let pool = error as? ConnectionPoolError {
            let explanation = switch pool {
            case .connectionCreationCircuitBreakerTripped:
                "the pool has failed to connect for a while and refuses calls until it connects again"
            case .poolShutdown: "the connection pool was shut down"
            case .requestCancelled: "the wait for a connection was cancelled"
            default: "the connection pool failed"
            }
            return PostgresStoreError(operation: operation, sqlState: nil, failureKind: .infrastructure, explanation: explanation)
        }
        guard let error = error as? PSQLError else {
            // Failures below the protocol: the pool, the network (connection refused, reset, timed out).
            return PostgresStoreError(
                operation: operation, sqlState: nil, failureKind: .infrastructure,
                explanation: "the database cannot be reached (\(String(describing: type(of: error))))")
        }
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? "?????"
            var named: [String] = []
            if let table = error.serverInfo?[.tableName] { named.append("table \(table)") }
            if let column = error.serverInfo?[.columnName] { named.append("column \(column)") }
            if let constraint = error.serverInfo?[.constraintName] { named.append("constraint \(constraint)") }
            // Messages of the data (22) and integrity (23) classes quote values; the others name objects only.
            let dataClass = state.hasPrefix("22") || state.hasPrefix("23")
            if !dataClass, let message = error.serverInfo?[.message] { named.append(message) }
            return PostgresStoreError(
                operation: operation, sqlState: state, failureKind: kind(ofSQLState: state),
                explanation: "SQLSTATE \(state)" + (named.isEmpty ? "" : " (\(named.joined(separator: "; ")))"))
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed,
            .queryCancelled:
            let cause = error.underlying.map { " (\(String(describing: type(of: $0))): \($0))" } ?? ""
            return PostgresStoreError(
                operation: operation, sqlState: nil, failureKind: .infrastructure,
                explanation: "the connection to the database failed: \(error.code)\(cause)")
        default:
            return PostgresStoreError(
                operation: operation, sqlState: nil, failureKind: .fatal, explanation: "\(error.code)")
        }
    }

    /// By SQLSTATE class: the record's own fault (data exception 22, integrity constraint 23) is a message failure;
    /// connection (08), resources (53), operator intervention such as a shutdown (57), system errors (58),
    /// serialization failures and deadlocks (40) and lock timeouts (55P03) are the store being unavailable for now;
    /// anything else (a missing table, a syntax error, a permission) stops the process.
    static func kind(ofSQLState state: String) -> FailureKind {
        switch state.prefix(2) {
        case "22", "23": return .message(reason: "store_rejected")
        case "08", "53", "57", "58", "40": return .infrastructure
        default: return state == "55P03" ? .infrastructure : .fatal
        }
    }
}

extension PostgresStoreError {
    /// A store call that took longer than its limit (no connection, or a server that does not answer).
    static func timedOut(_ operation: String, after limit: Duration) -> PostgresStoreError {
        PostgresStoreError(
            operation: operation, sqlState: nil, failureKind: .infrastructure,
            explanation: "no answer within \(limit.components.seconds) s")
    }

    /// A store call whose connection closed under it and that did not end on its own.
    static func connectionLost(_ operation: String) -> PostgresStoreError {
        PostgresStoreError(
            operation: operation, sqlState: nil, failureKind: .infrastructure,
            explanation: "the connection closed and the call did not end")
    }
}
