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
