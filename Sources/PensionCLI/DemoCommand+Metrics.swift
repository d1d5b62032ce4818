import Foundation
import PensionDomain
import PensionMetrics
import PensionSimulation
import PensionStore
import PensionWorkers

extension DemoCommand {
    /// The business date of the demo's ranking: the day after the bank's last results.
    static let reportDay = CivilDate(year: 2011, month: 12, day: 10)!

    /// The metrics worker of the run, in its own group, over the run's topics.
    func metricsWorker(_ database: SQLiteStore, context: AppContext, run: String) throws -> StageWorker<MetricsHandler> {
        try context.worker(context.metricsHandler(store: database), scope: .group, group: "pension-demo-\(run)-metrics")
    }

    /// Waits until the projection has counted every published registration, every certificate printed and every
    /// payment the ledger holds as paid.
    func waitForMetrics(_ database: SQLiteStore, delivered: Int, month: String) async throws {
        let certificates = try await database.processedCount(stage: StoreStage.certificate)
        let paid = try await database.ledgerSummaries(month: month).reduce(0) { $0 + $1.count("paid") }
        let deadline = ContinuousClock.now + .seconds(timeout)
        while true {
            let county = try await database.metricsByVillage().reduce(MetricsCounters()) { $0 + $1.counters }
            print("metrics: submitted \(county.submitted)/\(delivered), certificates \(county.certificatesPrinted)/\(certificates), "
                + "payouts \(county.payouts)/\(paid)")
            if county.submitted >= delivered && county.certificatesPrinted >= certificates && county.payouts >= paid { return }
            guard ContinuousClock.now < deadline else { throw CLIError("timed out waiting for the metrics worker") }
            try await Task.sleep(for: .seconds(1))
        }
    }

    /// Targets for the demo's townships (the county's file is for the whole county): enrolment = the residents
    /// generated, 60+ paid and certificates = the pensioners the generator expects eligible; written under `files`.
    func writeDemoTargets(population: GeneratedPopulation, context: AppContext) throws -> String {
        var targets = try context.driveTargets()
        targets.townships = population.settings.townshipCodes.map { code in
            let eligible = population.expectedEligibilityByTownship[code]?.eligible ?? 0
            return DriveTargets.TownshipTarget(code: code, enrolment: population.settings.residentsPerTownship,
                                               pensionersPaid: eligible, certificates: eligible)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let path = files + "/targets.json"
        try encoder.encode(targets).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The ranking report on the demo's data, and the command that opens the dashboard on it.
    func printRanking(_ database: SQLiteStore, context: AppContext, population: GeneratedPopulation) async throws {
        let targetsFile = try writeDemoTargets(population: population, context: context)
        let targets = try context.driveTargets(override: targetsFile)
        let progress = try await context.driveProgress(store: database, targets: targets, date: Self.reportDay)
        print("")
        print(ProgressReports.ranking(progress, format: .md), terminator: "")
        print("")
        print("the dashboard on this run's data (then open http://127.0.0.1:8088/):")
        print("  STORE_URL=sqlite:\(store) .build/debug/pension serve --targets \(targetsFile) --business-date \(Self.reportDay)")
    }
}
