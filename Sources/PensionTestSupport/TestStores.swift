import Foundation
import Logging
import PensionPostgres
import PensionStore

/// The store backends the store tests run on.
public enum StoreBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }
}

/// Test stores on both backends: a SQLite file in a temporary directory, or a fresh schema in the test PostgreSQL
/// server (`TEST_POSTGRES_URL`, started by `scripts/test.sh`; without it a PostgreSQL test fails, it never skips).
public enum TestStores {
    /// A new, empty store location on `backend`, named after `label`.
    public static func location(_ backend: StoreBackend, label: String = "test") throws -> StoreLocation {
        let unique = UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        switch backend {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(unique)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return .sqlite(path: directory.appendingPathComponent("pension.sqlite").path)
        case .postgres:
            let safe = label.lowercased().filter { $0.isLetter || $0.isNumber }.prefix(20)
            return .postgres(url: try postgresURL(schema: "t_\(safe)_\(unique)"))
        }
    }

    /// Opens (or reopens) the store at `location`.
    public static func open(_ location: StoreLocation) async throws -> any DriveStore {
        try await StoreOpener.open(location, logger: logger)
    }

    /// A new, empty store on `backend`.
    public static func make(_ backend: StoreBackend, label: String = "test") async throws -> any DriveStore {
        try await open(location(backend, label: label))
    }

    /// The test server's URL with `schema` and a small pool, so hundreds of test stores fit the server.
    public static func postgresURL(schema: String, pool: Int = 2) throws -> String {
        guard let base = ProcessInfo.processInfo.environment["TEST_POSTGRES_URL"], !base.isEmpty else {
            throw MissingServer()
        }
        return base + (base.contains("?") ? "&" : "?") + "schema=\(schema)&pool=\(pool)&sslmode=disable"
    }

    static let logger = Logger(label: "test-store")

    /// No test PostgreSQL server is configured.
    public struct MissingServer: Error, CustomStringConvertible {
        public var description: String {
            "TEST_POSTGRES_URL is not set: run the tests with scripts/test.sh, or start a server with "
                + "eval \"$(scripts/postgres.sh start)\""
        }
    }
}

/// A PostgreSQL server of a test's own (`scripts/postgres.sh`), which the test may stop and start again.
public final class PrivatePostgres: Sendable {
    /// `postgres://USER:PASSWORD@127.0.0.1:PORT/pension`.
    public let url: String
    private let data: String
    private let script: String

    /// Starts a new cluster on a free loopback port.
    public init(repository: URL) throws {
        script = repository.appendingPathComponent("scripts/postgres.sh").path
        let output = try Self.run(script, ["start"])
        func value(_ name: String) throws -> String {
            guard let range = output.range(of: "\(name)="),
                let end = output[range.upperBound...].firstIndex(of: ";")
            else { throw ScriptFailed(output: "no \(name) in the output of postgres.sh start") }
            return String(output[range.upperBound..<end])
        }
        url = try value("TEST_POSTGRES_URL")
        data = try value("TEST_POSTGRES_DATA")
    }

    /// Stops the server, keeping its data.
    public func pause() throws { _ = try Self.run(script, ["pause", data]) }

    /// Starts the stopped server again.
    public func resume() throws { _ = try Self.run(script, ["resume", data]) }

    /// Stops the server and removes its data.
    public func stop() { _ = try? Self.run(script, ["stop", data]) }

    private static func run(_ script: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script] + arguments
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("postgres-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = process.standardOutput
        try process.run()
        process.waitUntilExit()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else { throw ScriptFailed(output: output) }
        return output
    }

    /// `scripts/postgres.sh` failed.
    public struct ScriptFailed: Error, CustomStringConvertible {
        public let output: String
        public var description: String { "scripts/postgres.sh failed: \(output)" }
    }
}

extension TestStores {
    /// Every row of `sql` on either backend, each value as text (`nil` for NULL).
    public static func rows(_ store: any DriveStore, _ sql: String) async throws -> [[String?]] {
        if let sqlite = store as? SQLiteStore { return try await sqlite.rows(sql: sql) }
        return try await (store as! PostgresStore).rows(sql: sql)
    }

    /// Runs `sql` on either backend, past the writers (for tests of the store's own constraints).
    public static func execute(_ store: any DriveStore, _ sql: String) async throws {
        if let sqlite = store as? SQLiteStore { return try await sqlite.execute(sql: sql) }
        try await (store as! PostgresStore).execute(sql: sql)
    }
}
