import Foundation
import Testing

/// The `pension` executable run from a folder that holds no copy of the repository: the configuration built into it
/// stands in for `config/`.
@Suite("Installed binary", .serialized, .timeLimit(.minutes(2)))
struct InstalledBinaryTests {
    @Test("--version, topics create and a worker run from an empty folder")
    func runsWithoutTheRepository() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("installed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func start(_ arguments: [String]) throws -> (Process, URL) {
            let process = Process()
            process.executableURL = try WorkerProcess.binary
            process.arguments = arguments
            process.currentDirectoryURL = folder
            var environment = ProcessInfo.processInfo.environment
            environment["KAFKA_BOOTSTRAP"] = try TestBroker.bootstrap()
            process.environment = environment
            let log = folder.appendingPathComponent("\(UUID().uuidString).log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: log)
            process.standardError = process.standardOutput
            try process.run()
            return (process, log)
        }
        @Sendable func output(_ log: URL) -> String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

        let (version, versionLog) = try start(["--version"])
        version.waitUntilExit()
        #expect(version.terminationStatus == 0)
        #expect(output(versionLog).hasPrefix("pension "))

        let (create, createLog) = try start(["topics", "create", "--log-level", "error"])
        create.waitUntilExit()
        #expect(create.terminationStatus == 0, "\(output(createLog))")
        #expect(output(createLog).contains("pension.registration"))

        let group = TestBroker.uniqueName("installed")
        let (worker, workerLog) = try start(["worker", "registration", "--group", group])
        try await TestBroker.eventually(timeout: .seconds(30), "the worker to join: \(output(workerLog).suffix(1_500))") {
            output(workerLog).contains("partitions assigned")
        }
        worker.interrupt()
        worker.waitUntilExit()
        #expect(worker.terminationStatus == 0, "\(output(workerLog).suffix(2_000))")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("var/pension.sqlite").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("config").path))
    }
}
