import Foundation
import Testing

@testable import PensionStore

@Suite struct ResidentKeyTests {
    @Test func eighteenCharacterIDsEncodeTheirDigitsAndCheckCharacter() {
        #expect(ResidentKey.of("000000000000000000") == 0)
        #expect(ResidentKey.of("000000000000000009") == 9)
        #expect(ResidentKey.of("00000000000000000X") == 10)
        #expect(ResidentKey.of("00000000000000000x") == 11)
        #expect(ResidentKey.of("000000000000000010") == 12)
        #expect(ResidentKey.of("51062319560412001X") == Int64(51_062_319_560_412_001) * 12 + 10)
        #expect(ResidentKey.of("99999999999999999x") == Int64(99_999_999_999_999_999) * 12 + 11)
    }

    @Test func fifteenDigitIDsAreNegative() {
        #expect(ResidentKey.of("000000000000000") == -1)
        #expect(ResidentKey.of("510623560412001") == -510_623_560_412_002)
        #expect(ResidentKey.of("999999999999999") == -1_000_000_000_000_000)
    }

    @Test(arguments: [
        "", "X1", "5106231956041200", "51062319560412001", "5106231956041200123", "51062319560412001Y",
        "5106231956041200aX", " 510623510312123 ", "51062356041200X", "５１０６２３１９５６０４１２００１Ｘ",
    ])
    func otherTextHasNoKey(_ text: String) {
        #expect(ResidentKey.of(text) == nil)
    }

    @Test func distinctIDsNeverShareAKey() {
        var generator = SystemRandomNumberGenerator()
        var ids = Set<String>()
        let checks = Array("0123456789Xx")
        while ids.count < 50_000 {
            let digits = String((0..<17).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
            ids.insert(digits + String(checks.randomElement(using: &generator)!))
            ids.insert(String(digits.prefix(15)))
        }
        let keys = Set(ids.compactMap(ResidentKey.of))
        #expect(keys.count == ids.count)
    }
}

/// Resident IDs without a key (not 18 or 15 characters of the ID's shape) are kept unique by their text.
@Suite struct UnkeyedResidentTests {
    private func registration(_ residentId: String, event: UUID = UUID(), tier: Int = 200) -> RegistrationRecord {
        var record = Sample.registration(1, event: event, tier: tier)
        record.residentId = residentId
        return record
    }

    private func verified(_ residentId: String) -> VerificationRecord {
        var record = Sample.verified(1)
        record.residentId = residentId
        return record
    }

    @Test func unkeyedIDsAreUpsertedByTheirText() async throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()
        let first = registration("X1", tier: 100)
        #expect(try await store.applyRegistrations([first], deadLetters: []) == [.enrolled])
        #expect(try await store.applyRegistrations([registration("X1", tier: 300)], deadLetters: []) == [.updated])
        #expect(try await store.applyRegistrations([first], deadLetters: []) == [.alreadyApplied])
        #expect(try await store.applyRegistrations([registration("x1")], deadLetters: []) == [.enrolled])

        #expect(try await store.enrollee(residentId: "X1")?.contributionTierYuan == 300)
        #expect(try await store.enrollee(residentId: "X1")?.registrations == 2)
        #expect(try await store.rowCounts()["enrollees"] == 2)
    }

    @Test func upperAndLowerCaseCheckCharactersAreDifferentResidents() async throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()
        let upper = registration("51062319560412001X")
        let lower = registration("51062319560412001x")
        #expect(try await store.applyRegistrations([upper, lower], deadLetters: []) == [.enrolled, .enrolled])
        #expect(try await store.rowCounts()["enrollees"] == 2)
    }

    @Test func decisionsReachUnkeyedRowsAndWaitForThem() async throws {
        let fixture = try StoreFixture()
        let store = try fixture.open()
        _ = try await store.applyRegistrations([registration("X1")], deadLetters: [])
        #expect(try await store.applyVerifications([verified("X1"), verified("Y2")], deadLetters: []) == [.recorded, .recorded])
        #expect(try await store.enrollee(residentId: "X1")?.status == "verified")
        #expect(try await store.rowCounts()["orphan_decisions"] == 1)

        #expect(try await store.applyRegistrations([registration("Y2")], deadLetters: []) == [.enrolled])
        #expect(try await store.enrollee(residentId: "Y2")?.status == "verified")
        #expect(try await store.rowCounts()["orphan_decisions"] == 0)
    }
}
