import PensionTestSupport
import Testing

@testable import PensionStore

@Suite struct DeadLetterTests {
    @Test(arguments: StoreBackend.allCases) func redeliveredDeadLetterIsRecordedOnce(_ backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()
        let letter = Sample.deadLetter(5)

        _ = try await store.applyRegistrations([], deadLetters: [letter, letter])
        _ = try await store.applyRegistrations([], deadLetters: [letter])

        #expect(try await store.processedCount(stage: StoreStage.registration) == 1)
        #expect(try await store.rowCounts()["dead_letters"] == 1)
        let summaries = try await store.townshipSummaries()
        #expect(summaries.map(\.deadLettered) == [1])
    }

    @Test(arguments: StoreBackend.allCases) func deadLettersAtOtherPositionsAreRecordedSeparately(_ backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()

        _ = try await store.applyRegistrations(
            [], deadLetters: [Sample.deadLetter(5), Sample.deadLetter(6), Sample.deadLetter(5, topic: "other")])

        #expect(try await store.processedCount(stage: StoreStage.registration) == 3)
    }

    @Test(arguments: StoreBackend.allCases) func deadLettersCountForTheirOwnStage(_ backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()

        _ = try await store.applyVerifications(
            [Sample.verified(1)], deadLetters: [Sample.deadLetter(1, stage: StoreStage.idVerification)])

        #expect(try await store.processedCount(stage: StoreStage.idVerification) == 2)
        #expect(try await store.processedCount(stage: StoreStage.registration) == 0)
    }

    @Test(arguments: StoreBackend.allCases) func deadLetterWithoutTownshipIsSummarisedAsUnknown(_ backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()

        _ = try await store.applyRegistrations([], deadLetters: [Sample.deadLetter(1, township: nil)])

        let summaries = try await store.townshipSummaries()
        #expect(summaries == [TownshipSummary(townshipCode: "unknown", deadLettered: 1)])
    }
}
