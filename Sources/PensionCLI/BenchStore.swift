import ArgumentParser
import Foundation
import PensionDomain
import PensionSimulation
import PensionStore
import PensionWorkers

extension BenchCommand {
    struct Store: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The registration store alone: SQLite transactions of decoded registrations, no Kafka (a "
                + "diagnostic for the store's share of `bench registration`)."
        )
        @OptionGroup var options: GlobalOptions
        @Option(help: "Registrations to apply (spread over all 45 townships).") var events = 400_000
        @Option(help: "Registrations per transaction.") var batch = 20_000
        @Option(help: "SQLite file for the run (replaced).") var store = "var/bench-store.sqlite"

        func run() async throws {
            let context = try await options.load("pension.bench")
            let records = try Self.registrations(context.benchPopulation(events: events).records.prefix(events))
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store + suffix) }
            try FileManager.default.createDirectory(atPath: (store as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let database = try SQLiteStore.open(path: store)
            print("store alone: \(records.count) registrations in transactions of \(batch), \(store)")
            print("enrollees before  transactions/s  events/s")
            let clock = ContinuousClock()
            let started = clock.now
            var lap = (time: started, count: 0)
            for start in stride(from: 0, to: records.count, by: batch) {
                let chunk = Array(records[start..<min(start + batch, records.count)])
                _ = try await database.applyRegistrations(chunk, deadLetters: [])
                let done = start + chunk.count
                if done - lap.count >= 100_000 || done == records.count {
                    let seconds = (clock.now - lap.time).seconds
                    print("\(lap.count.formatted().leftPad(16))  \(String(format: "%14.1f", Double(done - lap.count) / Double(batch) / seconds))  \(Int(Double(done - lap.count) / seconds).formatted().leftPad(8))")
                    lap = (clock.now, done)
                }
            }
            try database.close()
            print("all \(records.count): \(Int(Double(records.count) / (clock.now - started).seconds).formatted()) events/s")
        }

        /// The store records the registration worker would write for these events.
        static func registrations(_ generated: ArraySlice<GeneratedRecord>) throws -> [RegistrationRecord] {
            try generated.enumerated().map { index, generated in
                let event = try WireDecoder.decode(RegistrationSubmitted.self, from: generated.value)
                return RegistrationRecord(
                    event, residentId: MessageKey.resident(event.payload.residentId),
                    source: SourcePosition(topic: "bench.registration", partition: 0, offset: Int64(index))
                )
            }
        }
    }
}
