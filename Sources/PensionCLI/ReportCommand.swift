import ArgumentParser
import Foundation
import PensionMetrics

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports from the metrics projection against config/targets.json.",
        subcommands: [Ranking.self, Progress.self]
    )

    struct Options: ParsableArguments {
        @Option(help: "The business date, YYYY-MM-DD (default: pension.businessDate).") var date: String?
        @Option(help: "md, csv or pdf (pdf needs --out).") var format = "md"
        @Option(help: "Write to this file instead of standard output.") var out: String?
        @Option(help: "The targets file (default: metrics.targetsFile, else targets.json in the configuration directory).")
        var targets: String?
    }

    struct Ranking: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The ranking (通报): townships by enrolment progress against target, the county next to its reported figures, laggards flagged."
        )
        @OptionGroup var options: GlobalOptions
        @OptionGroup var report: Options

        func run() async throws {
            try await ReportCommand.run(options, report, pdf: true) { ProgressReports.ranking($0, format: $1) }
        }
    }

    struct Progress: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Progress per township and village (md or csv).")
        @OptionGroup var options: GlobalOptions
        @OptionGroup var report: Options

        func run() async throws {
            try await ReportCommand.run(options, report, pdf: false) { ProgressReports.progress($0, format: $1) }
        }
    }

    static func run(
        _ options: GlobalOptions, _ report: Options, pdf: Bool,
        render: (DriveProgress, ProgressReports.Format) -> String
    ) async throws {
        guard let format = ProgressReports.Format(rawValue: report.format), pdf || format != .pdf else {
            throw CLIError("--format must be md or csv\(pdf ? " or pdf" : "")")
        }
        let context = try await options.load("pension.report")
        let targets = try context.driveTargets(override: report.targets)
        let date = try context.businessDate(override: report.date)
        let store = try await context.openStore()
        let progress = try await context.driveProgress(store: store, targets: targets, date: date)
        if format == .pdf {
            guard let out = report.out else { throw CLIError("--format pdf needs --out FILE") }
            try RankingPDF.write(progress, to: out)
            print(out)
            return
        }
        let text = render(progress, format)
        if let out = report.out {
            try Data(text.utf8).write(to: URL(fileURLWithPath: out))
            print(out)
        } else {
            print(text, terminator: "")
        }
    }
}
