import ArgumentParser
import Foundation
import Kafka
import PensionMetrics
import PensionStore
import PensionWorkers

struct MetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "The metrics projection: show its counters, or rebuild it from the topics.",
        subcommands: [Show.self, Rebuild.self]
    )

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the projection's counters per township and the county's.")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let context = try await options.load("pension.metrics")
            let store = try await context.openStore()
            print(MetricsTable.render(try await store.metricsByVillage(), townships: context.townships), terminator: "")
        }
    }

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Drop the projection and count every topic again from its beginning (group pension-metrics); "
                + "refused while a metrics worker runs. Prints the counters."
        )
        @OptionGroup var options: GlobalOptions
        @Option(help: "Seconds without a new message (after reaching the log ends read at start) before the rebuild ends.")
        var quietSeconds = 2.0

        func run() async throws {
            let context = try await options.load("pension.metrics.rebuild")
            let store = try await context.openStore()
            let handler = context.metricsHandler(store: store)
            let admin = try KafkaAdmin.make(configuration: context.kafka, logger: context.logger)
            let rebuild = MetricsRebuild(admin: admin, store: store, logger: context.logger)
            do { try await rebuild.checkNoMembers(group: MetricsHandler.group) } catch let refused as MetricsRebuild.Refused {
                throw CLIError(refused.description)
            }
            // The worker runs on the rebuild's consumer (from the beginning), with the usual settings.
            let consumer = try context.metricsConsumer()
            let result = try await rebuild.run(
                group: MetricsHandler.group, handler: handler, consumer: consumer,
                quiet: .milliseconds(Int(quietSeconds * 1000))
            ) { reader, scope in try context.worker(handler, scope: scope, consumer: reader) }
            print("rebuilt the metrics projection from \(result.messages) messages in \(result.duration)")
            print(MetricsTable.render(try await store.metricsByVillage(), townships: context.townships), terminator: "")
        }
    }
}
