import GRDB
import Testing

@testable import PensionStore

@Suite struct MigrationTests {
    @Test func v2KeepsTheDataOfAV1FileAndItsChecks() async throws {
        let fixture = try StoreFixture()
        let queue = try DatabaseQueue(path: fixture.path)
        try StoreSchema.migrator.migrate(queue, upTo: "v1")
        let second = Sample.registration(2)
        let fingerprint = try await queue.write { db in
            _ = try RegistrationWriter.apply([Sample.registration(1), second], in: db)
            _ = try VerificationWriter.apply([Sample.verified(1)], in: db)
            return try StateFingerprint.compute(in: db)
        }
        try queue.close()

        let store = try fixture.open()
        #expect(try await store.stateFingerprint() == fingerprint)
        #expect(try await store.applyRegistrations([second], deadLetters: []) == [.alreadyApplied])
        let applied = try await store.pool.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(applied.count == 2)
        // The checks are still there, only written differently.
        await #expect(throws: DatabaseError.self) {
            try await store.pool.write { try $0.execute(sql: "UPDATE enrollees SET sex = 'unknown'") }
        }
        await #expect(throws: DatabaseError.self) {
            try await store.pool.write { try $0.execute(sql: "UPDATE enrollees SET status = 'enrolled'") }
        }
    }
}
