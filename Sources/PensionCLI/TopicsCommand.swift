import ArgumentParser
import Kafka
import PensionDomain

struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics",
        abstract: "Create and describe the topics defined in config/topics.json.",
        subcommands: [Create.self, Describe.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create every topic in config/topics.json (existing ones are left as they are).")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let context = try await options.load("pension.topics")
            let outcomes = try await context.createTopics()
            for topic in context.topics.topics {
                print("\(topic.name.padding(toLength: 34, withPad: " ", startingAt: 0)) \(topic.partitions) partitions  \(outcomes[topic.name]?.rawValue ?? "?")")
            }
        }
    }

    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show each topic's partitions, townships and watermarks on the broker.")
        @OptionGroup var options: GlobalOptions

        @Flag(help: "List every partition with its township and watermarks.")
        var partitions = false

        func run() async throws {
            let context = try await options.load("pension.topics")
            let admin = try KafkaAdmin.make(configuration: context.kafka, logger: context.logger)
            let described = try await admin.describeTopics(context.topics.topics.map(\.name))
            var byName = Dictionary(uniqueKeysWithValues: described.map { ($0.name, $0) })
            // The log start and end from a fetch: the local broker's ListOffsets under-reports the end.
            let starts = Dictionary(uniqueKeysWithValues: described.flatMap { topic in
                topic.partitions.map { (TopicPartition(topic.name, $0.partition), KafkaOffset.beginning) }
            })
            let positions = try await admin.logPositions(starts)
            for (name, topic) in byName {
                byName[name]?.partitions = topic.partitions.map { partition in
                    guard let position = positions[TopicPartition(name, partition.partition)] else { return partition }
                    var exact = partition
                    exact.high = position.logEnd
                    exact.low = min(position.firstOffset ?? position.logEnd, position.logEnd)
                    return exact
                }
            }
            print("topic                              partitions  expected  messages(end-start)  retention")
            for spec in context.topics.topics {
                guard let topic = byName[spec.name] else {
                    print("\(spec.name.padding(toLength: 34, withPad: " ", startingAt: 0)) missing (run `pension topics create`)")
                    continue
                }
                let messages = topic.partitions.reduce(Int64(0)) { $0 + $1.high - $1.low }
                print(
                    "\(spec.name.padding(toLength: 34, withPad: " ", startingAt: 0)) \(String(topic.partitions.count).leftPad(10))  "
                        + "\(String(spec.partitions).leftPad(8))  \(String(messages).leftPad(19))  \(spec.retentionHours) h"
                )
                guard partitions else { continue }
                for partition in topic.partitions {
                    let township = context.plan.township(ofPartition: partition.partition).flatMap { context.townships[code: $0] }
                    print("    [\(partition.partition)] \(township.map { "\($0.code) \($0.name)" } ?? "-")  log start \(partition.low)  log end \(partition.high)")
                }
            }
        }
    }
}

extension AppContext {
    /// Creates every catalog topic with its partition count, replication and retention.
    func createTopics() async throws -> [String: KafkaAdmin.CreateOutcome] {
        let admin = try KafkaAdmin.make(configuration: kafka, logger: logger)
        return try await admin.createTopics(topics.topics.map {
            KafkaAdmin.NewTopic(
                name: $0.name, partitions: $0.partitions, replicationFactor: replication,
                configs: ["retention.ms": String($0.retentionHours * 3_600_000)]
            )
        })
    }
}

extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
