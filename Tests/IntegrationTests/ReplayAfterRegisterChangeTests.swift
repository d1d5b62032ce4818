import Foundation
import Kafka
import PensionDomain
import PensionSimulation
import PensionStore
import PensionWorkers
import Testing

/// A replay of the ID-verification topic after the household register changed: the stage must re-send the decision
/// it stored the first time, byte for byte, and decide nothing anew.
@Suite("Replay after the household register changed", .serialized, .timeLimit(.minutes(3)))
struct ReplayAfterRegisterChangeTests {
    @Test("a replay in a new group re-emits every stored decision identically; store state unchanged")
    func replayReemitsStoredDecision() async throws {
        let fixture = try await PipelineFixture()
        defer { fixture.cleanUp() }
        let population = PipelineTests.population(seed: 31, perTownship: 150)
        let store = try SQLiteStore.open(path: fixture.storePath("replay"))
        try await store.loadHouseholdRegister(population.storeRegister)
        let published = try await fixture.publish(population)
        try await fixture.runStages(store, group: fixture.prefix) {
            try await fixture.waitUntilProcessed(store, published: published)
        }
        let progress = try await PipelineProgress.read(from: store)
        let decisions = progress.verificationRequests
        #expect(decisions > 0)

        let resultsTopic = try fixture.topicName(forEvent: IDVerified.eventType)
        let partitions = try fixture.partitionCount(forEvent: IDVerified.eventType)
        let before = try await PipelineFixture.readTopic(resultsTopic, partitions: partitions, atLeast: decisions)
        #expect(before.count == decisions)
        let firstCopies = Dictionary(grouping: before) { $0.header(WireHeaders.eventId) ?? "none" }
        #expect(firstCopies.count == decisions, "one result per request, each with its own event id")
        #expect(firstCopies["none"] == nil)

        let fingerprint = try await store.stateFingerprint()
        let summaries = try await store.townshipSummaries()
        #expect(summaries.verified > 0, "some verified residents, whose decision a recomputation would change")

        // Every resident moves to another household: decided again, each verified resident would be a mismatch.
        try await store.loadHouseholdRegister(population.storeRegister.map {
            HouseholdMember(householdNumber: $0.householdNumber + "-moved", residentId: $0.residentId, name: $0.name)
        })

        let replayer = try fixture.worker(try fixture.verificationHandler(store), group: "\(fixture.prefix)-replay")
        var after: [KafkaMessage] = []
        try await fixture.run([replayer]) {
            after = try await PipelineFixture.readTopic(
                resultsTopic, partitions: partitions, atLeast: 2 * decisions, timeout: .seconds(60), settle: .seconds(3)
            )
        }
        #expect(after.count == 2 * decisions, "each stored decision sent once more, nothing else")
        let copies = Dictionary(grouping: after) { $0.header(WireHeaders.eventId) ?? "none" }
        #expect(Set(copies.keys) == Set(firstCopies.keys), "no new result event")
        var differing = 0
        var mismatches = 0
        for (id, messages) in copies {
            #expect(messages.count == 2, "event \(id) appears \(messages.count) times")
            guard let original = firstCopies[id]?.first, messages.count == 2 else { continue }
            if !messages.allSatisfy({ $0.value == original.value && $0.key == original.key
                && $0.partition == original.partition && $0.headers == original.headers })
            {
                differing += 1
            }
            if let type = messages.last?.header(WireHeaders.eventType), type == IDRejected.eventType,
                (try? WireDecoder.decode(IDRejected.self, from: messages.last!.value).payload.reasonCode)
                    == "household_mismatch", firstCopies[id]?.first?.header(WireHeaders.eventType) == IDVerified.eventType
            {
                mismatches += 1
            }
        }
        #expect(differing == 0, "replayed copies identical to the first ones")
        #expect(mismatches == 0, "no verified resident re-decided as household_mismatch")

        #expect(try await store.stateFingerprint() == fingerprint, "enrollees and applied events unchanged")
        let replayed = try await store.townshipSummaries()
        #expect(replayed.withoutRedeliveries == summaries.withoutRedeliveries, "statuses and counts unchanged")
        #expect(try await PipelineProgress.read(from: store) == progress)
    }
}
