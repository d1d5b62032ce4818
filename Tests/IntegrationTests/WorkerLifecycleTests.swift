import Foundation
import Kafka
import PensionDomain
import PensionSimulation
import PensionStore
import PensionWorkers
import Testing

/// Another process holding SQLite's write lock on a store file (`BEGIN EXCLUSIVE` in python3's sqlite3), so every
/// writer of that file gets `database is locked` after its busy timeout.
final class SQLiteLockHolder: @unchecked Sendable {
    let process = Process()
    private let output = Pipe()

    init(path: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let script = """
            import sqlite3, sys, time
            connection = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
            connection.execute("BEGIN EXCLUSIVE")
            print("locked", flush=True)
            sys.stdin.read()
            connection.execute("ROLLBACK")
            """
        process.arguments = ["python3", "-c", script, path]
        process.standardOutput = output
        process.standardInput = Pipe()
        try process.run()
    }

    /// Waits until the lock is held.
    func waitUntilLocked() throws {
        let line = output.fileHandleForReading.availableData
        guard String(decoding: line, as: UTF8.self).contains("locked") else {
            throw CocoaError(.fileLocking, userInfo: [NSLocalizedDescriptionKey: "python3 did not take the lock"])
        }
    }

    /// Releases the lock by killing the process (SIGKILL: the test runner's children may ignore SIGTERM).
    func release() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// Runs `body`; if it throws, kills the workers (so none outlives the test) and keeps their logs for diagnosis.
func killingOnFailure<T>(_ workers: [WorkerProcess], _ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch {
        for worker in workers where worker.process.isRunning { worker.signal(SIGKILL) }
        Issue.record("workers killed; their logs are in \(keepLogs(workers))")
        throw error
    }
}

/// Copies the workers' logs out of the fixture directory (which the test removes) and returns where.
@discardableResult
func keepLogs(_ workers: [WorkerProcess]) -> String {
    let kept = FileManager.default.temporaryDirectory.appendingPathComponent("pension-itests-logs")
    try? FileManager.default.createDirectory(at: kept, withIntermediateDirectories: true)
    for worker in workers {
        let copy = kept.appendingPathComponent(worker.log.deletingLastPathComponent().lastPathComponent + "-"
                                               + worker.log.lastPathComponent)
        try? FileManager.default.removeItem(at: copy)
        try? FileManager.default.copyItem(at: worker.log, to: copy)
    }
    return kept.path
}

/// `pension worker` processes: started together on a new store, and stopped while a step is retrying.
@Suite("Worker process lifecycle", .serialized, .timeLimit(.minutes(6)))
struct WorkerLifecycleTests {
    /// The stage groups as the broker describes them.
    static func groups() async throws -> String {
        try await TestBroker.admin().listGroups().filter { $0.name.hasPrefix("pension-") }
            .map { "\($0.name) \($0.state) members=\($0.members)" }.joined(separator: "; ")
    }

    /// Each try has consumer groups of its own (`--group`): after workers of one group exit together, the local broker
    /// was seen to keep the next members of that group waiting 20-90 s for an assignment (not the store's doing; the
    /// store side held in every try).
    @Test("four workers started at the same moment on a store that does not exist yet: all come up, work, stop with 0")
    func concurrentStartOnNewStore() async throws {
        let fixture = try await PipelineFixture()
        defer { fixture.cleanUp() }
        let stages = ["registration", "registration", "id-verification", "id-verification"]
        for attempt in 1...3 {
            let path = fixture.storePath("fresh-\(attempt)")
            #expect(!FileManager.default.fileExists(atPath: path))
            let workers = try stages.enumerated().map {
                try WorkerProcess(
                    $1, fixture: fixture, store: path, name: "try\(attempt)-\($0)-\($1)", batch: 100,
                    group: "\(fixture.prefix)-try\(attempt)-\($1)"
                )
            }
            try await killingOnFailure(workers) {
            let started = ContinuousClock.now
            try await Task.sleep(for: .seconds(8))
            for (worker, stage) in zip(workers, stages) {
                let log = worker.output
                #expect(worker.process.isRunning, "try \(attempt): a \(stage) worker exited early: \(log.suffix(2_000))")
                #expect(!log.contains("database is locked"), "try \(attempt), \(stage): \(log.suffix(2_000))")
                #expect(!log.contains("columns but"), "try \(attempt), \(stage): \(log.suffix(2_000))")
                #expect(log.contains("worker started"), "try \(attempt), \(stage): \(log.suffix(2_000))")
            }

            do {
                try await TestBroker.eventually(timeout: .seconds(60), "try \(attempt): every worker assigned partitions") {
                    workers.allSatisfy { $0.output.contains("partitions assigned") }
                }
            } catch {
                print("try \(attempt): groups while waiting: \(try await Self.groups())")
                throw error
            }
            print("try \(attempt): all four workers assigned after \(ContinuousClock.now - started)")

            if attempt == 3 {
                let store = try SQLiteStore.open(path: path)
                let population = PipelineTests.population(seed: 41, perTownship: 100)
                let expected = population.expected
                try await store.loadHouseholdRegister(population.storeRegister)
                let published = try await fixture.publish(population)
                try await fixture.waitUntilProcessed(store, published: published, timeout: .seconds(90))
                let summaries = try await store.townshipSummaries()
                #expect(summaries.enrolled == expected.enrolled)
                #expect(summaries.verified == expected.verified)
                #expect(summaries.rejectedByReason == expected.rejectedByReason)
                #expect(summaries.deadLettered == expected.malformed)
            }

            for worker in workers { worker.signal(SIGTERM) }
            for (worker, stage) in zip(workers, stages) {
                let status = try await worker.waitForExit(timeout: .seconds(30))
                #expect(status == 0, "try \(attempt), \(stage) exited with \(status): \(worker.output.suffix(2_000))")
                #expect(!worker.output.contains("database is locked"), "try \(attempt), \(stage)")
            }
            keepLogs(workers)
            print("try \(attempt): groups after every worker exited: \(try await Self.groups())")
            }
        }
    }

    @Test("SIGTERM while the store is locked and a step is retrying: exit 0 in time, batches left unfinished")
    func sigtermWhileRetrying() async throws {
        let fixture = try await PipelineFixture()
        defer { fixture.cleanUp() }
        let population = cleanPopulation(["510623103"], perTownship: 50, seed: 61)
        let path = fixture.storePath("locked")
        let store = try SQLiteStore.open(path: path)
        try await store.loadHouseholdRegister(population.storeRegister)

        let worker = try WorkerProcess("registration", fixture: fixture, store: path, name: "locked", batch: 50)
        try await killingOnFailure([worker]) {
        try await TestBroker.eventually(timeout: .seconds(30), "the worker to join its group: \(worker.output.suffix(1_000))") {
            worker.output.contains("partitions assigned")
        }
        let holder = try SQLiteLockHolder(path: path)
        defer { holder.release() }
        try holder.waitUntilLocked()
        let published = try await fixture.publish(population)

        // The store's busy timeout is 10 s: the first failure is logged after about that.
        try await TestBroker.eventually(timeout: .seconds(40), "a retry: \(worker.output.suffix(1_500))") {
            worker.output.contains("retrying without committing")
        }
        #expect(worker.output.contains("database is locked"))
        // The next attempt is now waiting in SQLite's busy handler (up to 10 s): the signal lands mid-attempt.
        try await Task.sleep(for: .seconds(2))
        let signalled = ContinuousClock.now
        worker.signal(SIGTERM)
        let status = try await worker.waitForExit(timeout: .seconds(30))
        let took = ContinuousClock.now - signalled
        print("SIGTERM to exit while retrying: \(took)")
        let log = worker.output
        #expect(status == 0, "exit status \(status): \(log.suffix(3_000))")
        #expect(took < .seconds(30))
        #expect(log.contains("stopping with batches unfinished"), "\(log.suffix(3_000))")
        #expect(!log.contains("CancellationError"), "\(log.suffix(3_000))")
        #expect(!log.contains("worker failed"), "\(log.suffix(3_000))")

        // Nothing was applied or committed: the batches are left for the next worker.
        holder.release()
        #expect(try await store.processedCount(stage: StoreStage.registration) == 0)
        let topic = try fixture.topicName(forEvent: RegistrationSubmitted.eventType)
        let committed = try await TestBroker.admin().committedOffsets(
            group: WorkerProcess.group("registration", fixture), partitions: (0..<fixture.plan.partitionCount).map { TopicPartition(topic, $0) }
        )
        #expect(committed.values.allSatisfy { $0 <= 0 }, "committed: \(committed.filter { $0.value > 0 })")
        #expect(published == population.records.count)
        }
    }
}
