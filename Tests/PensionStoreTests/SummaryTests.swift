import PensionTestSupport
import Testing

@testable import PensionStore

@Suite struct SummaryTests {
    /// Township A: residents 1, 2 (1 re-registered, 2's event redelivered); township B: residents 3, 4, 5.
    private static func feed(_ store: any InspectableStore) async throws {
        let two = Sample.registration(2, offset: 1)
        _ = try await store.applyRegistrations(
            [
                Sample.registration(1, offset: 0), two,
                Sample.registration(3, offset: 2, township: Sample.townshipB),
                Sample.registration(4, offset: 3, township: Sample.townshipB),
            ],
            deadLetters: [Sample.deadLetter(4), Sample.deadLetter(5, township: nil)])
        _ = try await store.applyRegistrations(
            [Sample.registration(1, offset: 6), two, Sample.registration(5, offset: 7, township: Sample.townshipB)],
            deadLetters: [Sample.deadLetter(5, township: nil)])
        let d4 = Sample.rejected(4, reason: "bad_birth_date", township: Sample.townshipB)
        _ = try await store.applyVerifications(
            [
                Sample.verified(1), Sample.rejected(2, reason: "bad_check_character"),
                Sample.rejected(3, reason: "bad_check_character", township: Sample.townshipB), d4,
                Sample.verified(4, township: Sample.townshipB), Sample.verified(77, township: Sample.townshipB),
            ],
            deadLetters: [
                Sample.deadLetter(1, stage: StoreStage.idVerification, township: Sample.townshipB, topic: "v"),
                Sample.deadLetter(1, stage: StoreStage.idVerification, township: Sample.townshipB, topic: "v"),
            ])
        _ = try await store.applyVerifications([d4], deadLetters: [])
    }

    @Test(arguments: StoreBackend.allCases) func summariesAreExact(_ backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()
        try await Self.feed(store)

        let summaries = try await store.townshipSummaries()

        #expect(
            summaries == [
                TownshipSummary(
                    townshipCode: Sample.townshipA, registrationsApplied: 3, enrolled: 2, duplicatesIgnored: 2,
                    verified: 1, rejectedByReason: ["bad_check_character": 1], deadLettered: 1),
                TownshipSummary(
                    townshipCode: Sample.townshipB, registrationsApplied: 3, enrolled: 3, duplicatesIgnored: 0,
                    verified: 1, rejectedByReason: ["bad_check_character": 1], deadLettered: 1),
                TownshipSummary(townshipCode: "unknown", deadLettered: 1),
            ])
    }

    @Test(arguments: StoreBackend.allCases) func processedCountsIncludeDeadLettersButNotRedeliveries(_ backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()
        try await Self.feed(store)

        #expect(try await store.processedCount(stage: StoreStage.registration) == 6 + 2)
        #expect(try await store.processedCount(stage: StoreStage.idVerification) == 6 + 1)
        #expect(try await store.processedCount(stage: "no-such-stage") == 0)
    }

    @Test(arguments: StoreBackend.allCases) func reRegistrationInAnotherTownshipMovesTheEnrollee(_ backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()

        _ = try await store.applyRegistrations(
            [Sample.registration(1), Sample.registration(1, township: Sample.townshipB)], deadLetters: [])

        let summaries = try await store.townshipSummaries()
        #expect(summaries.map(\.townshipCode) == [Sample.townshipA, Sample.townshipB])
        #expect(summaries.map(\.enrolled) == [0, 1])
        #expect(summaries.map(\.registrationsApplied) == [1, 1])
        #expect(summaries.map(\.duplicatesIgnored) == [0, 1])
    }
}
