import PensionTestSupport
import Testing

@testable import PensionStore

@Suite struct VerificationTests {
    @Test(arguments: StoreBackend.allCases) func verificationSetsStatusAndBirthDate(_ backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()
        _ = try await store.applyRegistrations([Sample.registration(1)], deadLetters: [])
        let decision = Sample.verified(1)

        #expect(try await store.applyVerifications([decision], deadLetters: []) == [.recorded])

        let row = try #require(try await store.enrollee(residentId: Sample.residentID(1)))
        #expect(row.status == "verified")
        #expect(row.birthDate == "1956-04-12")
        #expect(row.rejectReason == nil)
        #expect(row.decisionEvent == decision.eventId.uuidString)
    }

    @Test(arguments: StoreBackend.allCases) func latestDecisionWinsAndRedeliveryDoesNotRevertIt(_ backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()
        _ = try await store.applyRegistrations([Sample.registration(1)], deadLetters: [])
        let verified = Sample.verified(1)
        let rejected = Sample.rejected(1, reason: "bad_check_character")

        let outcomes = try await store.applyVerifications([verified, rejected], deadLetters: [])
        let redelivered = try await store.applyVerifications([verified], deadLetters: [])

        #expect(outcomes == [.recorded, .recorded])
        #expect(redelivered == [.alreadyApplied])
        let row = try #require(try await store.enrollee(residentId: Sample.residentID(1)))
        #expect(row.status == "rejected")
        #expect(row.rejectReason == "bad_check_character")
        #expect(row.birthDate == nil)
        #expect(row.decisionEvent == rejected.eventId.uuidString)
    }

    @Test(arguments: StoreBackend.allCases) func reRegistrationKeepsTheDecision(_ backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()
        _ = try await store.applyRegistrations([Sample.registration(1)], deadLetters: [])
        _ = try await store.applyVerifications([Sample.verified(1)], deadLetters: [])

        #expect(try await store.applyRegistrations([Sample.registration(1, tier: 300)], deadLetters: []) == [.updated])

        let row = try #require(try await store.enrollee(residentId: Sample.residentID(1)))
        #expect(row.status == "verified")
        #expect(row.contributionTierYuan == 300)
    }

    @Test(arguments: StoreBackend.allCases) func decisionWithoutEnrolleeIsRecordedButCreatesNoRow(_ backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()

        let outcomes = try await store.applyVerifications([Sample.rejected(4, reason: "bad_length")], deadLetters: [])

        #expect(outcomes == [.recorded])
        #expect(try await store.enrollee(residentId: Sample.residentID(4)) == nil)
        let counts = try await store.rowCounts()
        #expect(counts["enrollees"] == 0)
        #expect(counts["applied_events"] == 1)
        #expect(try await store.processedCount(stage: StoreStage.idVerification) == 1)
    }

    @Test(arguments: StoreBackend.allCases) func decisionBeforeRegistrationIsAppliedWhenTheRowAppearsAndRedeliveryChangesNothing(_ backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()
        let early = Sample.rejected(4, reason: "bad_length")
        _ = try await store.applyVerifications([early], deadLetters: [])
        _ = try await store.applyRegistrations([Sample.registration(4)], deadLetters: [])

        let outcomes = try await store.applyVerifications([early, early], deadLetters: [])

        #expect(outcomes == [.alreadyApplied, .alreadyApplied])
        let row = try #require(try await store.enrollee(residentId: Sample.residentID(4)))
        #expect(row.status == "rejected")
        #expect(row.decisionEvents == "," + early.eventId.uuidString)
        #expect(try await store.rowCounts()["orphan_decisions"] == 0)
        #expect(try await store.processedCount(stage: StoreStage.idVerification) == 1)
        #expect(try await store.rowCounts()["applied_events"] == 2)
    }

    @Test(arguments: StoreBackend.allCases) func mixedBatchOfKnownAndUnknownResidentsKeepsEachResidentsLatestDecision(_ backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()
        _ = try await store.applyRegistrations([Sample.registration(1)], deadLetters: [])
        let batch = [
            Sample.verified(4), Sample.rejected(1, reason: "bad_length"),
            Sample.rejected(4, reason: "bad_check_character"), Sample.verified(1), Sample.verified(5),
        ]

        #expect(try await store.applyVerifications(batch, deadLetters: []) == Array(repeating: .recorded, count: 5))
        #expect(try await store.rowCounts()["orphan_decisions"] == 3)
        _ = try await store.applyRegistrations([Sample.registration(4)], deadLetters: [])

        let known = try #require(try await store.enrollee(residentId: Sample.residentID(1)))
        #expect(known.status == "verified")
        #expect(known.decisionEvents == "," + batch[1].eventId.uuidString + "," + batch[3].eventId.uuidString)
        let late = try #require(try await store.enrollee(residentId: Sample.residentID(4)))
        #expect(late.status == "rejected")
        #expect(late.rejectReason == "bad_check_character")
        #expect(late.decisionEvent == batch[2].eventId.uuidString)
        #expect(try await store.rowCounts()["orphan_decisions"] == 1)
        let again = try await store.applyVerifications(batch, deadLetters: [])
        #expect(again == Array(repeating: .alreadyApplied, count: 5))
    }

    @Test(arguments: StoreBackend.allCases) func duplicateDecisionWithinOneBatchIsAlreadyAppliedTheSecondTime(_ backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()
        _ = try await store.applyRegistrations([Sample.registration(1)], deadLetters: [])
        let decision = Sample.verified(1)

        let outcomes = try await store.applyVerifications([decision, decision], deadLetters: [])

        #expect(outcomes == [.recorded, .alreadyApplied])
        let row = try #require(try await store.enrollee(residentId: Sample.residentID(1)))
        #expect(row.decisionEvents == "," + decision.eventId.uuidString)
        #expect(try await store.processedCount(stage: StoreStage.idVerification) == 1)
    }
}
