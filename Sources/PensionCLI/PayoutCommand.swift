import ArgumentParser
import Foundation
import PensionDomain
import PensionPayouts

struct PayoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payout",
        abstract: "Monthly payouts: schedule the month's payout.requested, write the bank batch files.",
        subcommands: [Schedule.self, Batches.self]
    )

    struct Schedule: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish one payout.requested per eligible pensioner due for the month (first paid month reached, "
                + "public notice posted at least pension.noticePeriodDays before the business date). Safe to repeat."
        )
        @OptionGroup var options: GlobalOptions
        @Option(help: "The month to pay, YYYY-MM.") var month: String
        @Option(help: "The business date, YYYY-MM-DD (default: pension.businessDate).") var businessDate: String?

        func run() async throws {
            let context = try await options.load("pension.payout.schedule")
            guard let month = PayoutMonth(month) else { throw CLIError("--month must be YYYY-MM") }
            let today = try context.businessDate(override: businessDate)
            let sent = try await context.payoutOperations(store: try await context.openStore())
                .schedule(month: month, today: today)
            print("published \(sent) payout.requested for \(month) (business date \(today))")
        }
    }

    struct Batches: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put the month's ready payments into bank batches (per township, at most pension.bankBatchSize "
                + "records) and write every batch file of the month with its control total."
        )
        @OptionGroup var options: GlobalOptions
        @Option(help: "The month, YYYY-MM.") var month: String
        @Option(help: "Directory for the batch files.") var out = "var/bank"

        func run() async throws {
            let context = try await options.load("pension.payout.batches")
            guard let month = PayoutMonth(month) else { throw CLIError("--month must be YYYY-MM") }
            let batches = try await context.payoutOperations(store: try await context.openStore())
                .batches(month: month, into: out)
            for batch in batches {
                print("\(out)/\(BankBatchFile.fileName(of: batch)): \(batch.records.count) records, "
                    + "control total \(batch.totalFen) fen (\(Money.yuan(batch.totalFen)) yuan)")
            }
            print("\(batches.count) batch files for \(month)")
        }
    }
}

struct BankCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bank",
        abstract: "Import the bank's files: opened cards (bankcard.issued), payment results (payout.completed / payout.failed).",
        subcommands: [ImportCards.self, ImportResults.self]
    )

    struct ImportCards: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-cards",
            abstract: "Publish bankcard.issued for each line of an account-opening feedback file (CSV "
                + "residentId,name,divisionCode,cardNumber,openedOn). Safe to repeat."
        )
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The CSV file.") var file: String

        func run() async throws {
            let context = try await options.load("pension.bank.import-cards")
            let sent = try await context.payoutOperations(store: try await context.openStore())
                .importCards(csv: try String(contentsOfFile: file, encoding: .utf8))
            print("published \(sent) bankcard.issued from \(file)")
        }
    }

    struct ImportResults: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-results",
            abstract: "Publish payout.completed / payout.failed for each line of a bank result file (CSV "
                + "batchId,line,residentId,month,amountFen,result,reasonCode). Safe to repeat."
        )
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The CSV file.") var file: String

        func run() async throws {
            let context = try await options.load("pension.bank.import-results")
            let counts = try await context.payoutOperations(store: try await context.openStore())
                .importResults(csv: try String(contentsOfFile: file, encoding: .utf8))
            print("published \(counts.completed) payout.completed and \(counts.failed) payout.failed from \(file)")
        }
    }
}

struct NoticeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notice",
        abstract: "The public notice (公示) of pensioners before their village's first payout.",
        subcommands: [Export.self]
    )

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Post every eligible pensioner not posted yet, dated the business date, and write one printable "
                + "page per village (names, masked IDs, monthly amounts)."
        )
        @OptionGroup var options: GlobalOptions
        @Option(help: "The business date, YYYY-MM-DD (default: pension.businessDate).") var businessDate: String?
        @Option(help: "Directory for the notice pages.") var out = "var/notices"

        func run() async throws {
            let context = try await options.load("pension.notice.export")
            let date = try context.businessDate(override: businessDate)
            let entries = try await context.payoutOperations(store: try await context.openStore())
                .postNotices(on: date, into: out)
            print("posted \(entries.count) pensioners on \(date) in \(Set(entries.map(\.villageCode)).count) villages; pages in \(out)")
        }
    }
}
