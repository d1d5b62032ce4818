import Foundation
import Testing

/// A `pension worker …` process started from the built executable, logging to a file.
final class WorkerProcess: @unchecked Sendable {
    let process = Process()
    let log: URL

    /// The `pension` executable next to the test bundle (`swift build --build-tests` builds both).
    static var binary: URL {
        get throws {
            let url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("pension")
            guard FileManager.default.isExecutableFile(atPath: url.path) else {
                throw TestBroker.Missing.binary(url.path)
            }
            return url
        }
    }

    init(
        _ stage: String, fixture: PipelineFixture, store: String, name: String, batch: Int, group: String? = nil,
        environment extra: [String: String] = [:], workingDirectory: URL? = nil
    ) throws {
        log = fixture.directory.appendingPathComponent("\(name).log")
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown)
        }
        process.executableURL = try Self.binary
        if let workingDirectory {
            try FileManager.default.createDirectory(at: workingDirectory, withIntermediateDirectories: true)
            process.currentDirectoryURL = workingDirectory
        }
        // Each fixture's workers form groups of their own, so suites running side by side never share a group.
        process.arguments = [
            "worker", stage, "--config-dir", fixture.configDir.path, "--group", group ?? Self.group(stage, fixture),
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["KAFKA_BOOTSTRAP"] = try TestBroker.bootstrap()
        // A store URL as given, a bare path as a SQLite file.
        environment["STORE_URL"] = store.contains("://") ? store : "sqlite:" + store
        environment["WORKER_MAX_BATCH_SIZE"] = String(batch)
        environment["WORKER_SESSION_TIMEOUT_MS"] = "6000"
        environment["LOG_LEVEL"] = "info"
        environment.merge(extra) { $1 }
        process.environment = environment
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    /// The consumer group a worker of `stage` joins by default: the fixture's own.
    static func group(_ stage: String, _ fixture: PipelineFixture) -> String { "\(fixture.prefix)-\(stage)" }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the process to exit and returns its status.
    func waitForExit(timeout: Duration = .seconds(60)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                signal(SIGKILL)
                Issue.record("worker did not exit in time; log: \(output.suffix(2_000))")
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
}
