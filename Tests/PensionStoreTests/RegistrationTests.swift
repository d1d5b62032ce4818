import Foundation
import GRDB
import PensionTestSupport
import Testing

@testable import PensionStore

@Suite struct RegistrationTests {
    @Test(arguments: StoreBackend.allCases) func newResidentIsEnrolledWithAllFields(_ backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()
        let record = Sample.registration(1)

        let outcomes = try await store.applyRegistrations([record], deadLetters: [])

        #expect(outcomes == [.enrolled])
        let row = try #require(try await store.enrollee(residentId: record.residentId))
        #expect(row.name == record.name)
        #expect(row.sex == "male")
        #expect(row.ethnicity == "汉族")
        #expect(row.householdNumber == record.householdNumber)
        #expect(row.villageCode == record.villageCode)
        #expect(row.townshipCode == Sample.townshipA)
        #expect(row.contributionTierYuan == 200)
        #expect(row.phone == record.phone)
        #expect(row.bankAccount == record.bankAccount)
        #expect(row.registeredAtMilliseconds == 1_767_225_600_123)
        #expect(row.lastRegistrationEvent == record.eventId.uuidString)
        #expect(row.registrations == 1)
        #expect(row.status == "registered")
        #expect(row.rejectReason == nil && row.birthDate == nil && row.decisionEvent == nil)
        #expect(row.registrationEvents == "," + record.eventId.uuidString)
    }

    @Test(arguments: StoreBackend.allCases) func sameResidentUnderNewEventIsUpdatedInPlace(_ backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()
        let first = Sample.registration(1, offset: 0)
        let second = Sample.registration(
            1, offset: 1, name: "张一", tier: 500, phone: nil, occurredAt: Date(timeIntervalSince1970: 1_800_000_000))

        #expect(try await store.applyRegistrations([first], deadLetters: []) == [.enrolled])
        #expect(try await store.applyRegistrations([second], deadLetters: []) == [.updated])

        let row = try #require(try await store.enrollee(residentId: first.residentId))
        #expect(row.name == "张一")
        #expect(row.contributionTierYuan == 500)
        #expect(row.phone == nil)
        #expect(row.registrations == 2)
        #expect(row.lastRegistrationEvent == second.eventId.uuidString)
        #expect(row.registeredAtMilliseconds == 1_767_225_600_123, "first registration time is kept")
        #expect(row.registrationEvents == ",\(first.eventId.uuidString),\(second.eventId.uuidString)")
        let counts = try await store.rowCounts()
        #expect(counts["enrollees"] == 1)
        #expect(counts["applied_events"] == 2)
    }

    @Test(arguments: StoreBackend.allCases) func sameEventAgainChangesNothing(_ backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()
        let record = Sample.registration(1)
        _ = try await store.applyRegistrations([record], deadLetters: [])
        let before = try await store.stateFingerprint()
        var redelivered = Sample.registration(1, event: record.eventId, tier: 999)
        redelivered.source = Sample.position(42)

        let outcomes = try await store.applyRegistrations([redelivered], deadLetters: [])

        #expect(outcomes == [.alreadyApplied])
        let row = try #require(try await store.enrollee(residentId: record.residentId))
        #expect(row.contributionTierYuan == 200)
        #expect(row.registrations == 1)
        #expect(try await store.stateFingerprint() == before)
        #expect(try await store.processedCount(stage: StoreStage.registration) == 1)
        #expect(try await store.rowCounts()["applied_events"] == 1)
    }

    @Test(arguments: StoreBackend.allCases) func olderEventRedeliveredAfterANewerOneChangesNothing(_ backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()
        let first = Sample.registration(1, tier: 100)
        let second = Sample.registration(1, tier: 300)
        _ = try await store.applyRegistrations([first, second], deadLetters: [])

        #expect(try await store.applyRegistrations([first], deadLetters: []) == [.alreadyApplied])

        let row = try #require(try await store.enrollee(residentId: first.residentId))
        #expect(row.contributionTierYuan == 300)
        #expect(row.registrations == 2)
        #expect(row.lastRegistrationEvent == second.eventId.uuidString)
    }

    @Test(arguments: StoreBackend.allCases) func duplicateEventWithinOneBatchIsAlreadyAppliedTheSecondTime(_ backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()
        let record = Sample.registration(1)
        let other = Sample.registration(2)

        let outcomes = try await store.applyRegistrations([record, other, record], deadLetters: [])

        #expect(outcomes == [.enrolled, .enrolled, .alreadyApplied])
        let row = try #require(try await store.enrollee(residentId: record.residentId))
        #expect(row.registrations == 1)
        #expect(try await store.processedCount(stage: StoreStage.registration) == 2)
    }

    @Test(arguments: StoreBackend.allCases) func outcomesFollowInputOrderInAMixedBatch(_ backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()
        let applied = Sample.registration(1)
        _ = try await store.applyRegistrations([applied], deadLetters: [])

        let outcomes = try await store.applyRegistrations(
            [Sample.registration(2), applied, Sample.registration(1), Sample.registration(2)], deadLetters: [])

        #expect(outcomes == [.enrolled, .alreadyApplied, .updated, .updated])
    }
}

@Suite struct AppliedEventsTests {
    /// 150 events are inserted as two statements of 64 rows and 22 single rows; every row keeps its event and its
    /// Kafka position, in order, and a redelivery inside the batch adds none.
    @Test func everyNewEventOfALargeBatchIsRecordedInOrder() async throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()
        var records = (0..<150).map { Sample.registration($0, offset: Int64($0)) }
        records.insert(records[70], at: 100)
        let outcomes = try await store.applyRegistrations(records, deadLetters: [])
        #expect(outcomes.filter { $0 == .enrolled }.count == 150)
        #expect(outcomes[100] == .alreadyApplied)

        let rows = try store.pool.read {
            try Row.fetchAll($0, sql: #"SELECT event_id, "offset", outcome, stage FROM applied_events ORDER BY rowid"#)
        }
        #expect(rows.map { $0[0] as String } == records.enumerated().filter { $0.offset != 100 }.map(\.element.eventId.uuidString))
        #expect(rows.map { $0[1] as Int64 } == (0..<150).map(Int64.init))
        #expect(Set(rows.map { $0[2] as String }) == ["enrolled"])
        #expect(Set(rows.map { $0[3] as String }) == [StoreStage.registration])
    }
}
