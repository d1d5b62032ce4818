import ArgumentParser
import Foundation
import Kafka
import PensionDomain
import PensionSimulation
import PensionStore
import PensionWorkers
import ServiceLifecycle
import Synchronization

extension BenchCommand {
    struct Registration: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Registration-worker events/s with durable store commits, next to raw librdkafka consume msg/s "
                + "of the same topic."
        )
        @OptionGroup var options: GlobalOptions
        @Option(help: "Registrations to process (spread over all 45 townships).") var events = 200_000
        @Option(help: "SQLite file for the run (replaced).") var store = "var/bench.sqlite"
        @Option(help: "Rounds; each publishes to new topics and starts a new store.") var rounds = 1

        func run() async throws {
            let context = try await options.load("pension.bench")
            var rates: [Double] = []
            for round in 1...max(1, rounds) {
                if rounds > 1 { print("round \(round) of \(rounds)") }
                rates.append(try await runRound(context))
                print()
            }
            if rates.count > 1 {
                let sorted = rates.sorted()
                print("registration worker over \(rates.count) rounds: median \(Int(sorted[sorted.count / 2]).formatted()), "
                    + "lowest \(Int(sorted[0]).formatted()), highest \(Int(sorted[sorted.count - 1]).formatted()) events/s "
                    + "(goal ≥ 0.5× raw consume)")
            }
        }

        /// Publishes `events` registrations to new topics, measures raw consume and the worker on them, prints the
        /// figures.
        /// - Returns: the worker's events/s.
        private func runRound(_ context: AppContext) async throws -> Double {
            let prefix = "bench-\(UUID().uuidString.prefix(8).lowercased())"
            let topics = try context.topics.renamed(prefix: prefix)
            let admin = try KafkaAdmin.make(configuration: context.kafka, logger: context.logger)
            _ = try await admin.createTopics(topics.topics.map { .init(name: $0.name, partitions: $0.partitions) })
            var benchContext = context
            benchContext.topics = topics
            let input = try Publisher(context: benchContext).registrationTopic
            // Generated and published in a function of its own, so none of it is held while the worker runs.
            let published = try await publish(events, context: benchContext)
            print("published \(published) registrations to \(input) (\(context.plan.partitionCount) partitions)")

            let raw = try await RawConsumeBaseline.run(
                bootstrap: context.kafka.bootstrapServers, topic: input, partitions: context.plan.partitionCount, count: published
            )
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store + suffix) }
            try FileManager.default.createDirectory(atPath: (store as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let database = try SQLiteStore.open(path: store)
            let handler = try RegistrationHandler(
                topics: topics, store: database, townships: context.townships,
                tiers: Set(context.config.intArray(forKey: "registration.contributionTiersYuan", default: [100, 200, 300, 400, 500]))
            )
            // The clock starts when the first batch is committed, so joining the group is not counted.
            let clock = ContinuousClock()
            let first = Mutex<(ContinuousClock.Instant, Int, Double)?>(nil)
            let reports = Mutex<[CommittedBatch]>([])
            let worker = try context.worker(handler, scope: .group, group: "\(prefix)-registration") { batch in
                first.withLock { $0 = $0 ?? (clock.now, batch.size, Self.processCPUSeconds()) }
                reports.withLock { $0.append(batch) }
            }
            let services = ServiceGroup(configuration: .init(services: [.init(service: worker)], logger: context.logger))
            Memory.resetPeak()
            let residentAtStart = Memory.residentBytes()
            let joined = clock.now
            let (elapsed, counted) = try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await services.run() }
                while reports.withLock({ $0.reduce(0) { $0 + $1.size } }) < published {
                    try await Task.sleep(for: .milliseconds(10))
                }
                let (end, endCPU) = (clock.now, Self.processCPUSeconds())
                await services.triggerGracefulShutdown()
                try await tasks.waitForAll()
                let (start, firstBatch, startCPU) = first.withLock { $0! }
                print("group join and first batch: \(start - joined) (not counted)")
                let cores = (endCPU - startCPU) / (end - start).seconds
                print("worker process CPU while counted: \(String(format: "%.2f", cores)) cores of "
                    + "\(ProcessInfo.processInfo.activeProcessorCount)")
                return (end - start, published - firstBatch)
            }
            let peak = Memory.peakResidentBytes()
            let stored = try await database.processedCount(stage: "registration")
            try database.close()
            let rawRate = Double(published) / raw.seconds
            let workerRate = Double(counted) / elapsed.seconds
            print("raw librdkafka consume            \(Int(rawRate).formatted().leftPad(10)) msg/s")
            print("registration worker (durable)     \(Int(workerRate).formatted().leftPad(10)) events/s  "
                + "(\(String(format: "%.2f", workerRate / rawRate))× raw; goal ≥ 0.5× raw)")
            print("peak resident memory while the worker drained: \(peak / 1_048_576) MiB (whole bench process, "
                + "\(residentAtStart / 1_048_576) MiB before the worker started; "
                + "batches of \(context.config.int(forKey: "worker.maxBatchSize", default: 5_000)), "
                + "\(context.config.int(forKey: "worker.maxBatchesInFlight", default: 4)) in flight)")
            let batches = reports.withLock { $0 }
            let steps: [(String, KeyPath<CommittedBatch, Duration>)] = [
                ("poll", \.poll), ("plan", \.plan), ("store", \.store), ("produce", \.produce), ("commit", \.commit),
            ]
            let medians = steps.map { name, step in "\(name) \(Self.medianMilliseconds(batches.map { $0[keyPath: step] })) ms" }
            let transactions = batches.reduce(0.0) { $0 + Double($1.size) / Double(max(1, $1.storedWith)) }
            print("batches: \(batches.count), mean \(published / max(1, batches.count)) events; store transactions: "
                + "\(Int(transactions.rounded())), mean \(Int(Double(published) / max(1, transactions))) events")
            print("median step times per batch (the steps of consecutive batches overlap): " + medians.joined(separator: ", "))
            print("store: \(stored) registrations applied in \(store); each batch: decode and validate, one SQLite "
                + "transaction, follow-ups produced and awaited, offsets committed")
            return workerRate
        }
    }
}

extension BenchCommand.Registration {
    /// Generates `events` registrations and publishes them as `pension publish` does (same keys, partitions and
    /// headers).
    /// - Returns: how many were published.
    func publish(_ events: Int, context: AppContext) async throws -> Int {
        let records = context.benchPopulation(events: events).records.prefix(events)
        let publisher = try Publisher(context: context)
        _ = try await publisher.send(records.map {
            try publisher.message(value: $0.value, townshipCode: $0.townshipCode, residentId: $0.residentId, eventId: $0.eventId)
        })
        try await publisher.shutdown()
        return records.count
    }

    /// CPU time (user and system) this process has used.
    static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func medianMilliseconds(_ durations: [Duration]) -> String {
        let sorted = durations.sorted()
        guard !sorted.isEmpty else { return "-" }
        return String(format: "%.1f", sorted[sorted.count / 2].seconds * 1000)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

extension AppContext {
    /// At least `events` valid registrations spread over all townships, the same in every run.
    func benchPopulation(events: Int) -> GeneratedPopulation {
        var settings = GeneratorSettings(townshipCodes: townships.townships.map(\.code))
        settings.residentsPerTownship = events / settings.townshipCodes.count + 1
        (settings.invalidIDShare, settings.duplicateShare, settings.malformedShare) = (0, 0, 0)
        return PopulationGenerator().generate(settings)
    }
}
