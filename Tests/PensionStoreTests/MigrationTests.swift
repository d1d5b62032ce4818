import Foundation
import GRDB
import Testing

@testable import PensionStore

@Suite struct MigrationTests {
    /// A v1 file (written with v1's SQL, as the v1 writers did) is brought to the latest schema: its data and
    /// fingerprint survive, the checks still hold, rows get their resident keys, and the writers find the old rows.
    @Test func aV1FileKeepsItsDataAndWorksWithTheLatestWriters() async throws {
        let fixture = try StoreFixture()
        let queue = try DatabaseQueue(path: fixture.path)
        try StoreSchema.migrator.migrate(queue, upTo: "v1")
        let keyed = Sample.registration(1)
        let unkeyed = "X1"
        let orphan = Sample.verified(2)
        let fingerprint = try await queue.write { db in
            for (residentId, event) in [(keyed.residentId, keyed.eventId), (unkeyed, UUID())] {
                try db.execute(
                    sql: """
                        INSERT INTO enrollees (resident_id, name, sex, household_number, village_code, township_code,
                            contribution_tier_yuan, registered_at, last_registration_event, registrations, status,
                            registration_events)
                        VALUES (?, '张一', 'male', 'H1', '510623101001', '510623101', 200, 0, ?, 1, 'registered', ?)
                        """,
                    arguments: [residentId, event.uuidString, "," + event.uuidString])
            }
            try db.execute(
                sql: "INSERT INTO orphan_decisions (event_id, resident_id, status) VALUES (?, ?, 'verified')",
                arguments: [orphan.eventId.uuidString, orphan.residentId])
            return try StateFingerprint.compute(in: db)
        }
        try queue.close()

        let store = try fixture.open()
        #expect(try await store.stateFingerprint() == fingerprint)
        let applied = try await store.pool.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(applied.count == 5)
        let keys = try await store.pool.read {
            try Row.fetchAll($0, sql: "SELECT resident_id, resident_key FROM enrollees ORDER BY resident_id")
                .map { ($0[0] as String, $0[1] as Int64?) }
        }
        #expect(keys.map(\.0) == [keyed.residentId, unkeyed])
        #expect(keys.map(\.1) == [ResidentKey.of(keyed.residentId), nil])

        // The writers find the migrated rows: a redelivery changes nothing, a new event updates in place.
        #expect(try await store.applyRegistrations([keyed], deadLetters: []) == [.alreadyApplied])
        var again = Sample.registration(1, tier: 500)
        #expect(try await store.applyRegistrations([again], deadLetters: []) == [.updated])
        again.residentId = unkeyed
        again.eventId = UUID()  // the event gate applies one event ID once per stage
        #expect(try await store.applyRegistrations([again], deadLetters: []) == [.updated])
        #expect(try await store.rowCounts()["enrollees"] == 2)
        // The migrated orphan decision is adopted when its registration arrives.
        #expect(try await store.applyRegistrations([Sample.registration(2)], deadLetters: []) == [.enrolled])
        #expect(try await store.enrollee(residentId: orphan.residentId)?.status == "verified")
        #expect(try await store.rowCounts()["orphan_decisions"] == 0)

        // The v2 checks are still there, only written differently.
        await #expect(throws: DatabaseError.self) {
            try await store.pool.write { try $0.execute(sql: "UPDATE enrollees SET sex = 'unknown'") }
        }
        await #expect(throws: DatabaseError.self) {
            try await store.pool.write { try $0.execute(sql: "UPDATE enrollees SET status = 'enrolled'") }
        }
    }
}
