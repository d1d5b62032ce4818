import ArgumentParser

@main
struct Pension: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pension",
        abstract: "Kafka workers for the residents' basic pension enrollment drive.",
        subcommands: [
            DemoCommand.self, WorkerCommand.self, PublishCommand.self, GenerateCommand.self, HouseholdCommand.self,
            TopicsCommand.self, CertificateCommand.self,
            BenchCommand.self,
            PayoutCommand.self, BankCommand.self, NoticeCommand.self,
            MetricsCommand.self, ReportCommand.self, ServeCommand.self,
        ]
    )
}
