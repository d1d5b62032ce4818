import ArgumentParser
import Foundation
import Kafka

@main
struct Pension: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pension",
        abstract: "Kafka workers for the residents' basic pension enrollment drive.",
        version: "pension \(version) (librdkafka \(KafkaVersion.loaded))",
        subcommands: [
            DemoCommand.self, WorkerCommand.self, PublishCommand.self, GenerateCommand.self, HouseholdCommand.self,
            TopicsCommand.self, CertificateCommand.self,
            BenchCommand.self,
            PayoutCommand.self, BankCommand.self, NoticeCommand.self,
            LagCommand.self, ReplayCommand.self, DLQCommand.self, ScalePlanCommand.self,
            MetricsCommand.self, ReportCommand.self, ServeCommand.self, ConfigCommand.self, DeployCommand.self,
        ]
    )

    /// This build's version.
    static let version = "0.14.0"

    /// Runs the command; a file error becomes one plain line naming the file.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: plain(error))
        }
    }

    /// A Foundation file error as one line with the path; other errors as they are.
    static func plain(_ error: any Error) -> any Error {
        guard let file = error as? CocoaError else { return error }
        let path = file.filePath ?? file.url?.path ?? "(unknown path)"
        switch file.code {
        case .fileReadNoSuchFile, .fileNoSuchFile: return CLIError("no such file: \(path)")
        case .fileReadNoPermission, .fileWriteNoPermission: return CLIError("permission denied: \(path)")
        case .fileWriteOutOfSpace: return CLIError("no space left to write \(path)")
        default: return CLIError("cannot read or write \(path) (file error \(file.code.rawValue))")
        }
    }
}
