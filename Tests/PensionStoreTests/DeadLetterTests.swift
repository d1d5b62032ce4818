import Testing

@testable import PensionStore

@Suite struct DeadLetterTests {
    @Test func redeliveredDeadLetterIsRecordedOnce() async throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()
        let letter = Sample.deadLetter(5)

        _ = try await store.applyRegistrations([], deadLetters: [letter, letter])
        _ = try await store.applyRegistrations([], deadLetters: [letter])

        #expect(try await store.processedCount(stage: StoreStage.registration) == 1)
        #expect(try await store.rowCounts()["dead_letters"] == 1)
        let summaries = try await store.townshipSummaries()
        #expect(summaries.map(\.deadLettered) == [1])
    }

    @Test func deadLettersAtOtherPositionsAreRecordedSeparately() async throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()

        _ = try await store.applyRegistrations(
            [], deadLetters: [Sample.deadLetter(5), Sample.deadLetter(6), Sample.deadLetter(5, topic: "other")])

        #expect(try await store.processedCount(stage: StoreStage.registration) == 3)
    }

    @Test func deadLettersCountForTheirOwnStage() async throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()

        _ = try await store.applyVerifications(
            [Sample.verified(1)], deadLetters: [Sample.deadLetter(1, stage: StoreStage.idVerification)])

        #expect(try await store.processedCount(stage: StoreStage.idVerification) == 2)
        #expect(try await store.processedCount(stage: StoreStage.registration) == 0)
    }

    @Test func deadLetterWithoutTownshipIsSummarisedAsUnknown() async throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()

        _ = try await store.applyRegistrations([], deadLetters: [Sample.deadLetter(1, township: nil)])

        let summaries = try await store.townshipSummaries()
        #expect(summaries == [TownshipSummary(townshipCode: "unknown", deadLettered: 1)])
    }
}
