import ArgumentParser
import Foundation
import Kafka
import PensionDomain
import PensionPayouts
import PensionSimulation
import PensionStore
import PensionWorkers
import ServiceLifecycle
import Synchronization

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "End to end on this machine: broker, topics, the six workers (metrics among them), a generated "
            + "population, eligibility, public notice, one month's payouts through a simulated bank, the pensioners' "
            + "certificates printed into PDFs, per-township tables, the ranking report and the dashboard command."
    )
    @OptionGroup var options: GlobalOptions
    @Option(name: .customLong("township"), help: "Township code (repeatable). Default: 凯江镇, 南华镇, 回龙镇.")
    var townships: [String] = []
    @Option(help: "Residents per township.") var perTownship = 2_000
    @Option(help: "Random seed of the generated population.") var seed: UInt64 = 2011
    @Option(help: "SQLite file for this run (replaced).") var store = "var/demo.sqlite"
    @Option(help: "Give up waiting after this many seconds.") var timeout = 300
    @Option(help: "Directory for the notice pages, bank batch files and the simulated bank's files (replaced).")
    var files = "var/demo-files"
    @Option(help: "The month paid.") var month = "2011-12"
    @Option(help: "Where the certificate PDFs of this run go (replaced).") var certificates = "var/demo-certificates"

    func run() async throws {
        var options = options
        options.logLevel = options.logLevel ?? "error"  // the table and progress lines tell the story
        var context = try await options.load("pension.demo")
        print("librdkafka \(KafkaVersion.loaded)")
        let run = UUID().uuidString.prefix(8).lowercased()
        let broker: LocalBroker?
        if LocalBroker.isReachable(context.kafka.bootstrapServers) {
            // A broker that was already running may hold earlier events: this run gets topics of its own.
            broker = nil
            context.topics = try context.topics.renamed(prefix: "demo-\(run)")
            print("broker: using the one at \(context.kafka.bootstrapServers), on topics demo-\(run).*")
        } else {
            broker = try LocalBroker.start(at: context.kafka.bootstrapServers)
            print("broker: started the local broker at \(context.kafka.bootstrapServers)")
        }
        defer { broker?.stop() }
        _ = try await context.createTopics()

        try FileManager.default.createDirectory(atPath: (store as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store + suffix) }
        let database = try SQLiteStore.open(path: store)

        var settings = GeneratorSettings(townshipCodes: townships.isEmpty ? ["510623100", "510623101", "510623102"] : townships)
        settings.seed = seed
        settings.residentsPerTownship = perTownship
        let population = PopulationGenerator().generate(settings)
        try await database.loadHouseholdRegister(population.storeRegister)
        print("generated \(population.records.count) registration messages for \(settings.townshipCodes.count) townships (seed \(seed))")

        let registration = try context.worker(try context.registrationHandler(store: database), scope: .group, group: "pension-demo-\(run)-registration")
        let verification = try context.worker(try context.verificationHandler(store: database), scope: .group, group: "pension-demo-\(run)-id-verification")
        let eligibility = try context.worker(try context.eligibilityHandler(store: database), scope: .group, group: "pension-demo-\(run)-eligibility")
        let payout = try context.worker(try PayoutHandler(topics: context.topics, store: database), scope: .group, group: "pension-demo-\(run)-payout")
        let certificate = try certificateWorker(database, context: context, run: String(run), spoolDirectory: certificates)
        let metrics = try metricsWorker(database, context: context, run: String(run))
        var configuration = ServiceGroupConfiguration(
            services: [
                .init(service: registration), .init(service: verification), .init(service: eligibility),
                .init(service: payout), .init(service: certificate), .init(service: metrics),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: context.logger
        )
        configuration.maximumGracefulShutdownDuration = context.shutdownLimit
        let services = ServiceGroup(configuration: configuration)

        let publisher = try Publisher(context: context)
        let messages = try population.records.map {
            try publisher.message(value: $0.value, townshipCode: $0.townshipCode, residentId: $0.residentId, eventId: $0.eventId)
        }
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await services.run() }
            let delivered = try await publisher.send(messages)
            try await publisher.shutdown()
            print("published \(delivered) of \(messages.count) messages (every delivery acknowledged)")
            try await waitUntilProcessed(database, delivered: delivered)
            try await DemoPayouts(context: context, store: database, population: population, directory: files,
                                  month: month, timeout: timeout).run()
            try await waitForCertificates(database)
            try await waitForMetrics(database, delivered: delivered, month: month)
            await services.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        try await printTable(database, population: population, context: context)
        try await DemoPayouts(context: context, store: database, population: population, directory: files,
                              month: month, timeout: timeout).printTable()
        try await printCertificates(database, context: context, spoolDirectory: certificates)
        try await printRanking(database, context: context, population: population)
        try await printLag(database, context: context, run: String(run))
    }

    /// Waits until the store has every delivered registration and every verification request those caused
    /// (counted in the store, not from watermarks, which the local broker under-reports).
    private func waitUntilProcessed(_ database: SQLiteStore, delivered: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while true {
            let progress = try await PipelineProgress.read(from: database)
            print("processed: registration \(progress.registrationsProcessed)/\(delivered), "
                + "id-verification \(progress.verificationsProcessed)/\(progress.verificationRequests)")
            if progress.isDrained(published: delivered) { break }
            guard ContinuousClock.now < deadline else {
                throw CLIError("timed out after \(timeout) s with events still unprocessed")
            }
            try await Task.sleep(for: .seconds(1))
        }
    }

    private func printTable(_ database: SQLiteStore, population: GeneratedPopulation, context: AppContext) async throws {
        let summaries = try await database.townshipSummaries()
        print("")
        print("township   name    submitted  enrolled  verified  rejected  duplicates  dead-lettered  rejected by reason")
        var totals = (submitted: 0, enrolled: 0, verified: 0, rejected: 0, duplicates: 0, dead: 0)
        for summary in summaries {
            let submitted = population.records.filter { $0.townshipCode == summary.townshipCode }.count
            let rejected = summary.rejectedByReason.values.reduce(0, +)
            let township = context.townships[code: summary.townshipCode]
            let label = township == nil ? "unreadable" : summary.townshipCode
            let name = township.map { $0.name + "  " } ?? "-       "
            let reasons = summary.rejectedByReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            print("\(label.padding(toLength: 10, withPad: " ", startingAt: 0)) \(name)"
                + "\(String(submitted).leftPad(9))\(String(summary.enrolled).leftPad(10))\(String(summary.verified).leftPad(10))"
                + "\(String(rejected).leftPad(10))\(String(summary.duplicatesIgnored).leftPad(12))\(String(summary.deadLettered).leftPad(15))  \(reasons)")
            totals.submitted += submitted
            totals.enrolled += summary.enrolled
            totals.verified += summary.verified
            totals.rejected += rejected
            totals.duplicates += summary.duplicatesIgnored
            totals.dead += summary.deadLettered
        }
        print("total             \(String(totals.submitted).leftPad(9))\(String(totals.enrolled).leftPad(10))\(String(totals.verified).leftPad(10))"
            + "\(String(totals.rejected).leftPad(10))\(String(totals.duplicates).leftPad(12))\(String(totals.dead).leftPad(15))")
        if summaries.contains(where: { context.townships[code: $0.townshipCode] == nil }) {
            print("unreadable: dead letters whose township could not be read (malformed JSON); the generator counted "
                + "them in their township's submitted column.")
        }
    }
}
