import Foundation
import Kafka
import PensionDomain
import PensionSimulation
import PensionStore
import ServiceLifecycle
import Testing

/// `pension publish` run twice on the same file, as an operator does after a partial failure, against the real broker
/// and a real SQLite store: the second run repeats the first byte for byte and the store counts every form once.
@Suite("Publishing a form file again", .serialized, .timeLimit(.minutes(5)))
struct PublishIdempotencyTests {
    @Test("publishing a generated file twice sends the same messages and registers every form once")
    func publishingTwiceRegistersOnce() async throws {
        let fixture = try await PipelineFixture()
        defer { fixture.cleanUp() }
        var settings = GeneratorSettings(townshipCodes: ["510623100", "510623101"])
        settings.seed = 10
        settings.residentsPerTownship = 300
        settings.duplicateShare = 0  // one form per resident, so every enrollee must have exactly one registration
        let population = PopulationGenerator().generate(settings)
        let forms = population.records.filter { $0.payload != nil }
        #expect(forms.count == population.expected.enrolled)
        let file = fixture.directory.appendingPathComponent("registrations.csv")
        try RegistrationForms.csv(from: population).write(to: file, atomically: true, encoding: .utf8)

        for run in 1...2 {
            let (status, output) = try await Self.publish(file, fixture: fixture, name: "publish-\(run)")
            #expect(status == 0, "pension publish run \(run): \(output.suffix(2_000))")
            #expect(output.contains("published \(forms.count) registrations"), "run \(run): \(output.suffix(2_000))")
        }

        // On the topic: every form twice, both copies the same key, partition, value and headers.
        let topic = try #require(fixture.topics.topic(forEvent: RegistrationSubmitted.eventType)).name
        let messages = try await TestBroker.readAll(topic: topic, partitions: fixture.plan.partitionCount, expected: 2 * forms.count)
        #expect(messages.count == 2 * forms.count)
        // Counts and flags only: a failure must not print message values, which hold names and ID numbers.
        let copies = Dictionary(grouping: messages) { $0.headers[header: WireHeaders.eventId] ?? "" }
        let generatedIds = Set(forms.compactMap { $0.eventId?.wireString })
        #expect(copies.keys.filter { !generatedIds.contains($0) }.count == 0, "event ids that are not the forms'")
        #expect(copies.values.filter { $0.count != 2 }.count == 0, "event ids not sent exactly twice")
        let differing = copies.values.filter { pair in
            guard let first = pair.first, let last = pair.last else { return true }
            return first.value != last.value || first.key != last.key || first.partition != last.partition
                || first.headers != last.headers
        }
        #expect(differing.count == 0, "event ids whose two copies differ")
        // The generated events, ids and times included: the file carries them.
        let sameValues = Set(messages.map(\.value)) == Set(forms.map(\.value))
        #expect(sameValues, "the published values are the generated ones")

        // The registration worker reads both copies; the store applies each form once.
        let store = try SQLiteStore.open(path: fixture.storePath("publish"))
        let group = "\(fixture.prefix)-registration"
        let worker = try fixture.worker(try fixture.registrationHandler(store), group: group)
        let services = ServiceGroup(configuration: .init(services: [.init(service: worker)], logger: TestBroker.logger))
        let (partitions, published, distinct) = (fixture.plan.partitionCount, messages.count, forms.count)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await services.run() }
            // Done when the store holds every form and the group has committed past every copy of it.
            try await TestBroker.eventually(timeout: .seconds(120), "the worker to commit all \(published) messages") {
                guard try await store.processedCount(stage: StoreStage.registration) >= distinct else { return false }
                try await Task.sleep(for: .milliseconds(200))
                return try await Self.committedCount(group: group, topic: topic, partitions: partitions) == published
            }
            await services.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(try await store.processedCount(stage: StoreStage.registration) == forms.count)
        let summaries = try await store.townshipSummaries()
        let applied = summaries.reduce(0) { $0 + $1.registrationsApplied }
        let enrolled = summaries.reduce(0) { $0 + $1.enrolled }
        #expect(applied == forms.count)
        #expect(enrolled == forms.count)  // applied == enrolled: no enrollee has a second registration
        try store.close()
    }

    /// Runs `pension publish FILE` with the fixture's configuration; returns its exit status and output.
    static func publish(_ file: URL, fixture: PipelineFixture, name: String) async throws -> (Int32, String) {
        let log = fixture.directory.appendingPathComponent("\(name).log")
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown)
        }
        let process = Process()
        process.executableURL = try WorkerProcess.binary
        process.arguments = ["publish", file.path, "--config-dir", fixture.configDir.path]
        var environment = ProcessInfo.processInfo.environment
        environment["KAFKA_BOOTSTRAP"] = try TestBroker.bootstrap()
        environment["LOG_LEVEL"] = "warning"
        process.environment = environment
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = ContinuousClock.now + .seconds(60)
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                process.terminate()
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.waitUntilExit()
        try handle.close()
        return (process.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    /// The messages of `group` committed on `topic`: the sum of its committed offsets (each partition starts at 0).
    static func committedCount(group: String, topic: String, partitions: Int32) async throws -> Int {
        let committed = try await TestBroker.admin().committedOffsets(
            group: group, partitions: (0..<partitions).map { TopicPartition(topic, $0) }
        )
        return committed.values.reduce(0) { $0 + Int(max($1, 0)) }
    }
}
