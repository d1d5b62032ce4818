import ArgumentParser
import PensionMetrics

extension WorkerCommand {
    struct Metrics: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Consume every stage's topics and dead letters (group pension-metrics) into the metrics "
                + "projection: counters per county, township and village."
        )
        @OptionGroup var options: GlobalOptions
        @OptionGroup var scope: Scope

        func run() async throws {
            try await scope.run("metrics", options) { context, store in context.metricsHandler(store: store) }
        }
    }
}
