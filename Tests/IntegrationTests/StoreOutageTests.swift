import Foundation
import PensionSimulation
import PensionStore
import Synchronization
import Testing

/// A store that is unavailable for its first few writes: the workers must retry the same batches without
/// committing, and end with exactly the state of an undisturbed run.
@Suite("Store outage", .timeLimit(.minutes(5)))
struct StoreOutageTests {
    struct Unavailable: ClassifiedError, CustomStringConvertible {
        var description: String { "store unavailable (injected)" }
        var failureKind: FailureKind { .infrastructure }
    }

    /// The real SQLite store, whose first `failures` registration writes and first `failures` verification writes
    /// throw before touching the database.
    final class FlakyStore: PensionStore {
        let store: SQLiteStore
        let registrationFailures: Mutex<Int>
        let verificationFailures: Mutex<Int>

        init(_ store: SQLiteStore, failures: Int) {
            self.store = store
            registrationFailures = Mutex(failures)
            verificationFailures = Mutex(failures)
        }

        private static func fail(_ remaining: borrowing Mutex<Int>) throws {
            let failing = remaining.withLock { count in
                defer { count = max(0, count - 1) }
                return count > 0
            }
            if failing { throw Unavailable() }
        }

        func apply(_ batch: StageBatch<RegistrationRecord>) async throws -> [AppliedEvent<RegistrationOutcome>] {
            try Self.fail(registrationFailures)
            return try await store.apply(batch)
        }

        func apply(_ batch: StageBatch<VerificationRecord>) async throws -> [AppliedEvent<VerificationOutcome>] {
            try Self.fail(verificationFailures)
            return try await store.apply(batch)
        }

        func failureKind(of error: any Error) -> FailureKind? { store.failureKind(of: error) }

        func householdMembers(residentIds: [String]) async throws -> [String: HouseholdMember] {
            try await store.householdMembers(residentIds: residentIds)
        }
        func loadHouseholdRegister(_ members: [HouseholdMember]) async throws { try await store.loadHouseholdRegister(members) }
        func townshipSummaries() async throws -> [TownshipSummary] { try await store.townshipSummaries() }
        func processedCount(stage: String) async throws -> Int { try await store.processedCount(stage: stage) }
        func stateFingerprint() async throws -> String { try await store.stateFingerprint() }
    }

    @Test("failed store writes are retried; the final store equals an undisturbed run's")
    func retriesUntilTheStoreIsBack() async throws {
        let population = PipelineTests.population(seed: 11, perTownship: 300)
        let expected = population.expected

        let (calmFingerprint, published) = try await PipelineFixture.undisturbedRun(population)

        let fixture = try await PipelineFixture()
        defer { fixture.cleanUp() }
        let flaky = FlakyStore(try SQLiteStore.open(path: fixture.storePath("flaky")), failures: 3)
        try await flaky.loadHouseholdRegister(population.storeRegister)
        #expect(try await fixture.publish(population) == published)
        try await fixture.runStages(flaky, group: fixture.prefix) {
            try await fixture.waitUntilProcessed(flaky, published: published)
        }

        #expect(flaky.registrationFailures.withLock { $0 } == 0, "every injected registration failure happened")
        #expect(flaky.verificationFailures.withLock { $0 } == 0, "every injected verification failure happened")
        let summaries = try await flaky.townshipSummaries()
        #expect(summaries.reduce(0) { $0 + $1.enrolled } == expected.enrolled)
        #expect(summaries.reduce(0) { $0 + $1.verified } == expected.verified)
        #expect(summaries.reduce(0) { $0 + $1.deadLettered } == expected.malformed)
        #expect(try await flaky.stateFingerprint() == calmFingerprint)
    }
}
