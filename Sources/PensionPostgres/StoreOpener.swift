import Logging
import PensionStore

/// Opens the store a ``StoreLocation`` names: a SQLite file or a PostgreSQL database.
public enum StoreOpener {
    /// - Parameters:
    ///   - location: `store.url`, parsed.
    ///   - password: the database password from `store.password` or `store.passwordFile`, if any (PostgreSQL only).
    ///   - logger: for the PostgreSQL client's background messages.
    /// - Returns: the open, migrated store.
    /// - Throws: the backend's error when it cannot be opened.
    public static func open(_ location: StoreLocation, password: String? = nil, logger: Logger) async throws
        -> any DriveStore
    {
        switch location {
        case .sqlite(let path): return try SQLiteStore.open(path: path)
        case .postgres(let url): return try await PostgresStore.open(url: url, password: password, logger: logger)
        }
    }
}
