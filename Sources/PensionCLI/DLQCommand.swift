import ArgumentParser
import Foundation
import Kafka
import PensionOperations
import PensionStore

struct DLQCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlq",
        abstract: "Dead letters: list them, show one (personal data masked), replay them after a fix.",
        subcommands: [List.self, Show.self, Replay.self]
    )

    /// The selection options `list` and `replay` share.
    struct Selection: ParsableArguments {
        @Option(help: "Only letters of this stage (a stage of topics.json, e.g. registration).") var stage: String?
        @Option(help: "Only letters with this reason code, e.g. invalid_value.") var reason: String?
        @Option(help: "Only letters of this township code, e.g. 510623101.") var township: String?

        func selection(ids: [String] = []) -> DeadLetterSelection {
            DeadLetterSelection(stage: stage, reason: reason, township: township, ids: ids)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List dead letters: ID, stage, township, reason, field, when, replay state."
        )
        @OptionGroup var options: GlobalOptions
        @OptionGroup var selection: Selection
        @Flag(help: "Print JSON instead of a table.") var json = false

        func run() async throws {
            let context = try await options.load("pension.dlq")
            let store = try await context.openStore()
            let letters = try await selection.selection().letters(topics: context.topics, store: store)
            if json {
                print(try DeadLetterListing.json(letters))
            } else {
                DeadLetterListing.table(letters).forEach { print($0) }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one dead letter from its dead-letter topic: headers and value, personal data masked "
                + "unless --reveal (which is recorded with who and when)."
        )
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The letter's ID, topic:partition:offset of the original message, as `dlq list` shows it.")
        var id: String
        @Flag(help: "Show resident IDs, names, phones and bank accounts unmasked; writes an audit record.")
        var reveal = false
        @Option(help: "Who reveals it (default: SUDO_USER, else USER).") var by: String?

        func run() async throws {
            let context = try await options.load("pension.dlq")
            let store = try await context.openStore()
            let scanner = DeadLetterScanner(kafka: context.kafka, topics: context.topics, logger: context.logger)
            let lines = try await DeadLetterView.show(
                id, reveal: reveal, by: operatorName(by), store: store, topics: context.topics,
                location: scanner.location(of:), find: scanner.messages(of:), logger: context.logger)
            lines.forEach { print($0) }
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send dead letters back to their source topic after a fix, each at most once (dry run unless "
                + "--execute)."
        )
        @OptionGroup var options: GlobalOptions
        @OptionGroup var selection: Selection
        @Option(name: .customLong("id"), help: "Only this letter (repeatable).") var ids: [String] = []
        @Flag(help: "Send them; without it, print what would be sent.") var execute = false
        @Flag(help: "Also send letters claimed by an earlier replay whose delivery was never confirmed (check the source topic for their dlq-replay-of first).")
        var forceUnconfirmed = false
        @Option(help: "Who replays (default: SUDO_USER, else USER).") var by: String?

        func run() async throws {
            let context = try await options.load("pension.dlq")
            let store = try await context.openStore()
            let letters = try await selection.selection(ids: ids).letters(topics: context.topics, store: store)
            let scanner = DeadLetterScanner(kafka: context.kafka, topics: context.topics, logger: context.logger)
            let parked = try await scanner.messages(of: letters.filter { $0.replay?.state != .sent }.map(\.record))
            let replayer = DeadLetterReplayer(store: store, logger: context.logger)
            guard execute else {
                try await replayer.run(
                    letters, parked: parked, send: nil, forceUnconfirmed: forceUnconfirmed, by: operatorName(by),
                    output: { print($0) })
                return
            }
            let producer = try KafkaProducer.make(
                configuration: KafkaProducerConfiguration(kafka: context.kafka), logger: context.logger)
            do {
                try await replayer.run(
                    letters, parked: parked, send: { message in
                        let report = try await producer.send(message)
                        return SourcePosition(
                            topic: report.topicPartition.topic, partition: report.topicPartition.partition,
                            offset: report.offset)
                    }, forceUnconfirmed: forceUnconfirmed,
                    by: operatorName(by), output: { print($0) })
            } catch {
                try? await producer.shutdown(timeout: .seconds(10))
                throw error
            }
            try await producer.shutdown(timeout: .seconds(10))
        }
    }
}

/// Who runs an audited command: `--by`, else the user behind sudo, else the login user.
func operatorName(_ by: String?) -> String {
    let environment = ProcessInfo.processInfo.environment
    return by ?? environment["SUDO_USER"] ?? environment["USER"] ?? "unknown"
}
