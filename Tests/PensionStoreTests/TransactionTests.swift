import Foundation
import PensionDomain
import PensionTestSupport
import Testing

@testable import PensionStore

@Suite struct TransactionTests {
    /// The third record violates the `township_code <> ''` check, so the whole batch must roll back.
    private static func failingBatch() -> [RegistrationRecord] {
        [Sample.registration(1), Sample.registration(2), Sample.registration(3, township: "")]
    }

    @Test(arguments: StoreBackend.allCases) func failedBatchLeavesNothingVisible(_ backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()
        let emptyFingerprint = try await store.stateFingerprint()

        await #expect(throws: (any Error).self) {
            try await store.applyRegistrations(Self.failingBatch(), deadLetters: [Sample.deadLetter(7)])
        }

        #expect(try await store.rowCounts().values.allSatisfy { $0 == 0 })
        #expect(try await store.processedCount(stage: StoreStage.registration) == 0)
        #expect(try await store.townshipSummaries().isEmpty)
        #expect(try await store.stateFingerprint() == emptyFingerprint)
    }

    @Test(arguments: StoreBackend.allCases) func failedBatchKeepsEarlierBatchesAndCanBeRetried(_ backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()
        _ = try await store.applyRegistrations([Sample.registration(9)], deadLetters: [])
        let before = try await store.stateFingerprint()
        let batch = Self.failingBatch()

        await #expect(throws: (any Error).self) {
            try await store.applyRegistrations(batch, deadLetters: [])
        }
        #expect(try await store.stateFingerprint() == before)

        let retried = try await store.applyRegistrations(Array(batch.prefix(2)), deadLetters: [])
        #expect(retried == [.enrolled, .enrolled], "the rolled-back events were not marked applied")
    }

    @Test(arguments: StoreBackend.allCases) func failedBatchIsNotVisibleAfterReopening(_ backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()
        await #expect(throws: (any Error).self) {
            try await store.applyRegistrations(Self.failingBatch(), deadLetters: [])
        }
        try await store.close()

        let reopened = try await fixture.store()
        #expect(try await reopened.rowCounts()["enrollees"] == 0)
        #expect(try await reopened.processedCount(stage: StoreStage.registration) == 0)
    }

    @Test(arguments: StoreBackend.allCases) func errorDescriptionLeaksNoPersonalData(_ backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()
        let bad = Sample.registration(3, township: "", name: "欧阳娜娜")

        let error = await #expect(throws: (any Error).self) {
            try await store.applyRegistrations([bad], deadLetters: [])
        }

        let text = "\(try #require(error))" + String(reflecting: try #require(error))
        #expect(!text.contains(bad.residentId))
        #expect(!text.contains("欧阳娜娜"))
    }
}
