import Foundation
import Testing

/// The built `pension` executable answers operator mistakes with one plain line.
@Suite("Command-line errors")
struct CommandLineErrorTests {
    /// Runs the executable; its exit status and standard error.
    static func run(_ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = try WorkerProcess.binary
        process.arguments = arguments
        process.currentDirectoryURL = PipelineFixture.repositoryConfig.deletingLastPathComponent()
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test("a missing input file is one line naming it", arguments: [
        ["household", "load", "/nonexistent/register.csv"], ["publish", "/nonexistent/register.csv"],
    ])
    func missingFile(_ arguments: [String]) throws {
        let (status, errors) = try Self.run(arguments + ["--log-level", "error"])
        #expect(status == 1)
        #expect(errors == "Error: no such file: /nonexistent/register.csv\n")
    }
}

/// `pension config show` and the check of the settings file.
@Suite("Configuration")
struct ConfigurationCommandTests {
    /// Runs the executable in `folder` with extra environment variables; status and both outputs.
    static func run(_ arguments: [String], in folder: URL, environment extra: [String: String] = [:]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = try WorkerProcess.binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        let log = folder.appendingPathComponent("\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = process.standardOutput
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    @Test("every setting with its source; secrets redacted; an unknown setting in the file is refused")
    func showAndCheck() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("config"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try #"{"worker": {"maxBatchSize": 250}}"#.write(
            to: folder.appendingPathComponent("config/pension.json"), atomically: true, encoding: .utf8)
        let (status, output) = try Self.run(["config", "show"], in: folder, environment: [
            "KAFKA_LIBRDKAFKA": "security.protocol=SASL_SSL,sasl.password=hunter2", "LOG_LEVEL": "error",
        ])
        #expect(status == 0, "\(output)")
        let line = output.split(separator: "\n").first { $0.hasPrefix("worker.maxBatchSize = ") }
        #expect(line.map { $0.hasPrefix("worker.maxBatchSize = 250   (") && $0.hasSuffix("/config/pension.json)") } == true)
        #expect(output.contains("kafka.librdkafka = security.protocol=SASL_SSL,sasl.password=***   (env KAFKA_LIBRDKAFKA)"))
        #expect(output.contains("store.path = var/pension.sqlite   (built-in)"))
        #expect(output.contains("topics.json: built-in topics.json"))
        #expect(!output.contains("hunter2"))

        try #"{"worker": {"maxBatchSise": 250}}"#.write(
            to: folder.appendingPathComponent("config/pension.json"), atomically: true, encoding: .utf8)
        let (refused, message) = try Self.run(["config", "show"], in: folder)
        #expect(refused == 1)
        #expect(message.contains("unknown setting worker.maxBatchSise in "), "\(message)")
    }
}
