import ArgumentParser
import Foundation
import PensionOperations

struct LagCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lag",
        abstract: "Consumer lag per group, topic, township and partition: committed offset, log end, lag, age of the "
            + "oldest unprocessed message, and a status under Burrow's rules over the last lag.windowSamples samples."
    )
    @OptionGroup var options: GlobalOptions
    @Option(help: "Only this consumer group (repeatable). Default: every group named pension-….") var group: [String] = []
    @Option(name: .customLong("township"), help: "Only this township's partitions (repeatable).") var townships: [String] = []
    @Flag(help: "Print JSON instead of tables.") var json = false
    @Flag(help: "List every partition.") var partitions = false
    @Flag(help: "Sample again every lag.watchIntervalSeconds (or --interval) until interrupted.") var watch = false
    @Option(help: "Seconds between samples with --watch.") var interval: Int?
    @Flag(help: "Exit with status 2 when a group's status is ERR, 1 when WARN (for scripts and cron).") var exitStatus = false

    func run() async throws {
        let context = try await options.load("pension.lag")
        for code in townships where context.plan.partitions(of: code) == nil {
            throw CLIError("unknown township code \(code)")
        }
        let store = try await context.openStore()
        let sampler = try context.lagSampler(store: store)
        let seconds = interval ?? context.config.int(forKey: "lag.watchIntervalSeconds", default: 10)
        guard seconds > 0 else { throw CLIError("--interval must be at least 1 second") }
        while true {
            let snapshot = try await sampler.sample(groups: group, townships: Set(townships))
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                encoder.dateEncodingStrategy = .iso8601
                print(String(decoding: try encoder.encode(snapshot), as: UTF8.self))
            } else {
                if watch && isatty(STDOUT_FILENO) != 0 { print("\u{1B}[H\u{1B}[2J", terminator: "") }
                LagTable.lines(
                    snapshot, townshipName: { context.townships[code: $0]?.name }, partitions: partitions,
                    groupPrefix: sampler.groupPrefix
                ).forEach { print($0) }
            }
            guard watch else {
                if exitStatus, snapshot.groups.contains(where: { $0.status == .error }) { throw ExitCode(2) }
                if exitStatus, snapshot.groups.contains(where: { $0.status == .warning }) { throw ExitCode(1) }
                return
            }
            try await Task.sleep(for: .seconds(seconds))
        }
    }
}
