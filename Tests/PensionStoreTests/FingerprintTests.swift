import Foundation
import PensionTestSupport
import Testing

@testable import PensionStore

@Suite struct FingerprintTests {
    private static let registrations: [RegistrationRecord] = (0..<12).map { index in
        Sample.registration(index % 9, offset: Int64(index), township: index < 6 ? Sample.townshipA : Sample.townshipB)
    }
    private static let verifications: [VerificationRecord] = (0..<9).map { index in
        index % 3 == 0
            ? Sample.rejected(index, reason: "bad_check_character", offset: Int64(index)) : Sample.verified(index)
    }

    private static func run(
        _ backend: StoreBackend,
        registrations: [RegistrationRecord],
        split: [Int],
        offsetShift: Int64 = 0
    ) async throws -> String {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()
        var remaining = registrations[...]
        for size in split {
            let batch = remaining.prefix(size).map { record in
                var moved = record
                moved.source.offset += offsetShift
                return moved
            }
            remaining = remaining.dropFirst(size)
            _ = try await store.applyRegistrations(batch, deadLetters: [])
        }
        _ = try await store.applyVerifications(Array(verifications.prefix(4)), deadLetters: [])
        _ = try await store.applyVerifications(Array(verifications.dropFirst(4)), deadLetters: [])
        return try await store.stateFingerprint()
    }

    @Test(arguments: StoreBackend.allCases)
    func sameEventsInDifferentBatchesGiveTheSameFingerprint(_ backend: StoreBackend) async throws {
        let whole = try await Self.run(backend, registrations: Self.registrations, split: [12])
        let pieces = try await Self.run(backend, registrations: Self.registrations, split: [1, 4, 2, 5], offsetShift: 100)
        let withRedeliveries = try await Self.run(
            backend, registrations: Self.registrations + Self.registrations.prefix(5), split: [7, 7, 3])

        #expect(whole == pieces)
        #expect(whole == withRedeliveries)
        #expect(whole.count == 64)
    }

    @Test(arguments: StoreBackend.allCases)
    func oneDifferentFieldChangesTheFingerprint(_ backend: StoreBackend) async throws {
        var changed = Self.registrations
        changed[10].phone = "13900000000"

        let original = try await Self.run(backend, registrations: Self.registrations, split: [12])
        let altered = try await Self.run(backend, registrations: changed, split: [12])

        #expect(original != altered)
    }

    @Test(arguments: StoreBackend.allCases)
    func oneDifferentEventIdChangesTheFingerprint(_ backend: StoreBackend) async throws {
        var changed = Self.registrations
        changed[3].eventId = UUID()

        let original = try await Self.run(backend, registrations: Self.registrations, split: [12])
        let altered = try await Self.run(backend, registrations: changed, split: [12])

        #expect(original != altered)
    }

    @Test("the same events give the same fingerprint on SQLite and on PostgreSQL")
    func sameOnBothBackends() async throws {
        var changed = Self.registrations
        changed[4].phone = nil
        let sqlite = try await Self.run(.sqlite, registrations: changed + changed.prefix(3), split: [5, 10])
        let postgres = try await Self.run(.postgres, registrations: changed, split: [3, 9])
        #expect(sqlite == postgres)
    }
}
