import Foundation

/// Every store protocol of the drive on one backend: what a command opens from `store.url`. ``SQLiteStore`` (one
/// file, one host) is one; the PostgreSQL store (module `PensionPostgres`, several hosts) is the other.
public protocol DriveStore:
    PensionStore, EligibilityStore, PayoutStore, CertificateStore, DeadLetterStore, OperationsStore, MetricsStore
{
    /// The dead letters recorded for a stage (for waiting until a following stage has seen every result).
    /// - Throws: a database error.
    func deadLetterCount(stage: String) async throws -> Int

    /// Bank cards recorded from `bankcard.issued` (not counting closed ones), per township of the pensioner.
    /// - Throws: a database error.
    func issuedCardCounts() async throws -> [String: Int]

    /// The page of certificate `number` as first issued (no reprint mark), or `nil` when there is no such number.
    /// - Throws: a database error.
    func issuedPage(number: String) async throws -> CertificatePage?

    /// Closes the store; later calls throw.
    /// - Throws: a database error if it cannot be closed cleanly.
    func close() async throws
}

extension SQLiteStore: DriveStore {}

/// Where the store is: `store.url` (environment `STORE_URL`), `sqlite:PATH` or `postgres://USER@HOST:PORT/DATABASE`.
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    /// A SQLite file (relative paths from the working directory).
    case sqlite(path: String)
    /// A PostgreSQL server; the URL as given (it may hold a password, so it is never printed as is).
    case postgres(url: String)

    /// Parses a store URL.
    /// - Throws: ``StoreLocationError`` naming what is wrong, never echoing a password.
    public init(parsing text: String) throws {
        let text = text.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else { throw StoreLocationError("store.url sqlite: needs a file path (sqlite:var/pension.sqlite)") }
            self = .sqlite(path: path)
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(url: text)
        } else {
            let scheme = text.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
            throw StoreLocationError(
                "store.url must start with sqlite: or postgres:// (got \(scheme.isEmpty ? "an empty value" : "'\(scheme):'"))")
        }
    }

    /// The location with any password replaced by `***`.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let url): return Self.redactingPassword(url)
        }
    }

    /// `url` with the password of its user-info part replaced by `***`.
    public static func redactingPassword(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].lastIndex(of: "@") else { return url }
        let userInfo = url[scheme.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return url.replacingCharacters(in: url.index(after: colon)..<at, with: "***")
    }
}

/// A store URL that cannot be used.
public struct StoreLocationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
