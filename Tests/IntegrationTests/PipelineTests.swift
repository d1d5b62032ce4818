import Foundation
import Kafka
import PensionDomain
import PensionSimulation
import PensionStore
import Testing

/// End to end on the real broker and real SQLite files: registrations through both stages into the store.
@Suite("Registration and ID-verification pipeline", .serialized, .timeLimit(.minutes(5)))
struct PipelineTests {
    static func population(seed: UInt64 = 7, perTownship: Int = 400) -> GeneratedPopulation {
        var settings = GeneratorSettings(townshipCodes: ["510623100", "510623101"])
        settings.seed = seed
        settings.residentsPerTownship = perTownship
        settings.invalidIDShare = 0.05
        settings.duplicateShare = 0.05
        settings.malformedShare = 0.03
        return PopulationGenerator().generate(settings)
    }

    @Test("every registration ends as enrollee, verified, rejected by reason, duplicate or dead letter — exactly")
    func endToEnd() async throws {
        let fixture = try await PipelineFixture()
        defer { fixture.cleanUp() }
        let population = Self.population()
        let expected = population.expected
        #expect(expected.rejected > 0 && expected.duplicates > 0 && expected.malformed > 0)

        let store = try SQLiteStore.open(path: fixture.storePath("e2e"))
        try await store.loadHouseholdRegister(population.storeRegister)
        let published = try await fixture.publish(population)
        #expect(published == population.records.count)
        try await fixture.runStages(store, group: fixture.prefix) {
            try await fixture.waitUntilProcessed(store, published: published)
        }

        let summaries = try await store.townshipSummaries()
        let total = summaries.reduce(into: (enrolled: 0, verified: 0, duplicates: 0, dead: 0, rejected: [String: Int]())) {
            $0.enrolled += $1.enrolled
            $0.verified += $1.verified
            $0.duplicates += $1.duplicatesIgnored
            $0.dead += $1.deadLettered
            $0.rejected.merge($1.rejectedByReason, uniquingKeysWith: +)
        }
        #expect(total.enrolled == expected.enrolled)
        #expect(total.verified == expected.verified)
        #expect(total.rejected == expected.rejectedByReason)
        #expect(total.duplicates == expected.duplicates)
        #expect(total.dead == expected.malformed)
        for (code, township) in population.expectedByTownship {
            let summary = try #require(summaries.first { $0.townshipCode == code })
            #expect(summary.enrolled == township.enrolled, "enrolled in \(code)")
            #expect(summary.verified == township.verified, "verified in \(code)")
            #expect(summary.rejectedByReason == township.rejectedByReason, "rejected in \(code)")
            #expect(summary.duplicatesIgnored == township.duplicates, "duplicates in \(code)")
        }

        // Every dead letter is on the dead-letter topic with the reason in its headers.
        let dlq = try #require(fixture.topics.topic(forEvent: RegistrationSubmitted.eventType)?.deadLetter)
        let parked = try await TestBroker.readAll(topic: dlq, partitions: fixture.plan.partitionCount, expected: expected.malformed)
        #expect(parked.count == expected.malformed)
        var codes: [String: Int] = [:]
        for message in parked {
            #expect(message.headers[header: "dlq-source-topic"] != nil)
            #expect(message.headers[header: "dlq-source-offset"].flatMap { Int64($0) } != nil)
            codes[message.headers[header: "dlq-error-code"] ?? "none", default: 0] += 1
        }
        #expect(codes == expected.malformedByCode)
    }
}

extension GeneratedPopulation {
    /// The household register as the store holds it.
    var storeRegister: [HouseholdMember] {
        householdRegister.map {
            HouseholdMember(householdNumber: $0.householdNumber, residentId: $0.residentId, name: $0.name)
        }
    }
}
