import ArgumentParser
import Foundation
import PensionDomain
import PensionPostgres
import PensionSimulation
import PensionStore
import PensionWorkers

extension BenchCommand {
    struct Store: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The registration store alone: transactions of decoded registrations, no Kafka (a diagnostic "
                + "for the store's share of `bench registration`), on SQLite or, with --store-url, PostgreSQL."
        )
        @OptionGroup var options: GlobalOptions
        @Option(help: "Registrations to apply (spread over all 45 townships).") var events = 400_000
        @Option(help: "Registrations per transaction.") var batch = 10_000
        @Option(help: "SQLite file for the run (replaced).") var store = "var/bench-store.sqlite"
        @Option(help: "Run on this store instead (postgres://…?schema=NAME; it must be empty).") var storeUrl: String?

        func run() async throws {
            let context = try await options.load("pension.bench")
            let database = try await open(context)
            let population = context.benchPopulation(events: events).records.prefix(events)
            let planCPU = BenchCommand.Registration.processCPUSeconds()
            let records = try Self.registrations(population, handler: context.registrationHandler(store: database), plan: context.plan)
            let planned = BenchCommand.Registration.processCPUSeconds() - planCPU
            print("decoded, decided and placed (the worker's plan step) in \(String(format: "%.2f", planned)) s CPU, "
                + "\(String(format: "%.1f", planned * 1e6 / Double(max(1, records.count)))) µs an event")
            print("store alone: \(records.count) registrations with their follow-ups in the outbox, in transactions of "
                + "\(batch), \(storeUrl.map(StoreLocation.redactingPassword) ?? store)")
            print("enrollees before  transactions/s  events/s")
            let clock = ContinuousClock()
            let started = clock.now
            let startCPU = BenchCommand.Registration.processCPUSeconds()
            var lap = (time: started, count: 0)
            for start in stride(from: 0, to: records.count, by: batch) {
                let chunk = Array(records[start..<min(start + batch, records.count)])
                _ = try await database.apply(StageBatch(events: chunk))
                let done = start + chunk.count
                if done - lap.count >= 100_000 || done == records.count {
                    let seconds = (clock.now - lap.time).seconds
                    print("\(lap.count.formatted().leftPad(16))  \(String(format: "%14.1f", Double(done - lap.count) / Double(batch) / seconds))  \(Int(Double(done - lap.count) / seconds).formatted().leftPad(8))")
                    lap = (clock.now, done)
                }
            }
            try await database.close()
            let cpu = BenchCommand.Registration.processCPUSeconds() - startCPU
            print("all \(records.count): \(Int(Double(records.count) / (clock.now - started).seconds).formatted()) events/s, "
                + "process CPU \(String(format: "%.2f", cpu)) s (\(String(format: "%.1f", cpu * 1e6 / Double(records.count))) µs an event)")
        }

        /// The store of the run: a new SQLite file, or the empty store of `--store-url`.
        private func open(_ context: AppContext) async throws -> any DriveStore {
            guard let storeUrl else {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store + suffix) }
                try FileManager.default.createDirectory(
                    atPath: (store as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                return try SQLiteStore.open(path: store)
            }
            let database = try await StoreOpener.open(
                try StoreLocation(parsing: storeUrl), password: context.storePassword, logger: context.logger)
            guard try await database.processedCount(stage: StoreStage.registration) == 0 else {
                throw CLIError("--store-url must name an empty store (a new database or ?schema=NAME)")
            }
            return database
        }

        /// What the registration worker would store for these events: the records and their outboxes.
        static func registrations(
            _ generated: ArraySlice<GeneratedRecord>, handler: RegistrationHandler, plan: PartitionPlan
        ) throws -> [StageEvent<RegistrationRecord>] {
            try generated.enumerated().map { index, generated in
                let event = try WireDecoder.decode(RegistrationSubmitted.self, from: generated.value)
                let source = SourcePosition(topic: "bench.registration", partition: 0, offset: Int64(index))
                let decision = try handler.decide(event, at: source, context: ())
                return StageEvent(record: decision.record, outbox: try decision.followUps.map { try $0.placed(by: plan) })
            }
        }
    }
}
