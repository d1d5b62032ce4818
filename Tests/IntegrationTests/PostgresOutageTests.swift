import Foundation
import Kafka
import PensionDomain
import PensionPostgres
import PensionStore
import PensionTestSupport
import PensionWorkers
import Testing

/// The registration and ID-verification stages on a PostgreSQL server of the test's own, which is stopped for 10 s
/// while registrations keep arriving.
@Suite(.serialized, .timeLimit(.minutes(6))) struct PostgresOutageTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("a 10 s PostgreSQL outage mid-stream: retried, nothing committed meanwhile, nothing lost")
    func outage() async throws {
        let population = PipelineTests.population(seed: 11, perTownship: 300)
        let expected = population.expected
        let half = population.records.count / 2

        let (calmFingerprint, published) = try await PipelineFixture.undisturbedRun(population)

        let server = try PrivatePostgres(repository: Self.repository)
        defer { server.stop() }
        let fixture = try await PipelineFixture()
        defer { fixture.cleanUp() }
        // The store's warnings (a pool replaced) go to the log, to tell how the store came through the outage.
        var storeLogger = TestBroker.logger
        storeLogger.logLevel = min(storeLogger.logLevel, .warning)
        let store = try await PostgresStore.open(url: server.url + "?sslmode=disable", logger: storeLogger)
        try await store.loadHouseholdRegister(population.storeRegister)
        let group = fixture.prefix
        let registrationTopic = try #require(fixture.topics.topic(forEvent: RegistrationSubmitted.eventType))
        let partitions = (0..<registrationTopic.partitions).map {
            TopicPartition(registrationTopic.name, Int32($0))
        }
        let admin = try TestBroker.admin()
        @Sendable func committed() async throws -> [TopicPartition: Int64] {
            try await admin.committedOffsets(group: "\(group)-registration", partitions: partitions)
        }

        try await fixture.runStages(store, group: group) {
            let first = try await fixture.publish(population, records: 0..<half)
            try await TestBroker.eventually(timeout: .seconds(120), "the first half registered") {
                try await store.processedCount(stage: StoreStage.registration) == first
            }
            try await TestBroker.eventually(timeout: .seconds(30), "the first half committed") {
                try await committed().values.filter { $0 >= 0 }.reduce(0, +) >= Int64(first)
            }
            try server.pause()
            let before = try await committed()
            let second = try await fixture.publish(population, records: half..<population.records.count)
            #expect(first + second == published)
            try await Task.sleep(for: .seconds(10))
            #expect(try await committed() == before, "no offset was committed while the store was down")
            try server.resume()
            try await fixture.waitUntilProcessed(store, published: published)
        }

        let summaries = try await Self.retryingOutages { try await store.townshipSummaries() }
        #expect(summaries.reduce(0) { $0 + $1.enrolled } == expected.enrolled)
        #expect(summaries.reduce(0) { $0 + $1.verified } == expected.verified)
        #expect(summaries.reduce(0) { $0 + $1.deadLettered } == expected.malformed)
        let fingerprint = try await Self.retryingOutages { try await store.stateFingerprint() }
        #expect(fingerprint == calmFingerprint, "the same state as an undisturbed run on SQLite")
        await store.close()
    }

    /// A read after the outage, retried on an outage error as a worker retries: postgres-nio's pool can refuse a call
    /// or two after a restart (its circuit breaker; the store then replaces the pool).
    static func retryingOutages<T>(_ read: () async throws -> T) async throws -> T {
        for _ in 1..<10 {
            do { return try await read() } catch let error as PostgresStoreError where error.failureKind == .infrastructure {
                try await Task.sleep(for: .seconds(1))
            }
        }
        return try await read()
    }
}
