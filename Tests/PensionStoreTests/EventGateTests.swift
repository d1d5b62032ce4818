import Foundation
import GRDB
import PensionPostgres
import PensionTestSupport
import Testing

@testable import PensionStore

/// The event gate: one row per stage and event ID (a unique index) with the outbox decided for it.
@Suite struct EventGateTests {
    static func outbox(_ text: String, partition: Int32 = 4) -> [OutboxMessage] {
        var message = OutboxMessage(topic: "out", partition: partition, key: Array("k".utf8), value: Array(text.utf8))
        var value = text
        value.withUTF8 { message.addHeader("pension-event-id", UnsafeRawBufferPointer($0)) }
        return [message]
    }

    @Test("an event applied again returns the outbox stored the first time, byte for byte, and changes nothing", arguments: StoreBackend.allCases)
    func repeatsReturnTheStoredOutbox(_ backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()
        let first = Sample.registration(1)
        let applied = try await store.apply(StageBatch(events: [StageEvent(record: first, outbox: Self.outbox("first"))]))
        #expect(applied == [.applied(.enrolled)])

        var changed = first
        changed.contributionTierYuan = 900
        let again = try await store.apply(StageBatch(events: [StageEvent(record: changed, outbox: Self.outbox("second"))]))
        #expect(again == [.alreadyApplied(outbox: Self.outbox("first"))])
        #expect(try await store.enrollee(residentId: first.residentId)?.contributionTierYuan == 200)
        #expect(try await store.rowCounts()["event_gate"] == 1)
    }

    @Test("the same event twice in one batch: the second is a repeat of the first", arguments: StoreBackend.allCases)
    func repeatsWithinABatch(_ backend: StoreBackend) async throws {
        let store = try await StoreFixture(backend).store()
        let record = Sample.registration(2)
        let results = try await store.apply(StageBatch(events: [
            StageEvent(record: record, outbox: Self.outbox("a")), StageEvent(record: record, outbox: Self.outbox("b")),
        ]))
        #expect(results == [.applied(.enrolled), .alreadyApplied(outbox: Self.outbox("a"))])
    }

    @Test("one event ID is applied once per stage; another stage applies it on its own", arguments: StoreBackend.allCases)
    func perStage(_ backend: StoreBackend) async throws {
        let store = try await StoreFixture(backend).store()
        let id = UUID()
        _ = try await store.applyRegistrations([Sample.registration(3, event: id)], deadLetters: [])
        #expect(try await store.applyVerifications([Sample.verified(3, event: id)], deadLetters: []) == [.recorded])
        #expect(try await store.applyVerifications([Sample.verified(3, event: id)], deadLetters: []) == [.alreadyApplied])
    }

    @Test("the key is a unique constraint of the store, not only a check in code")
    func uniqueConstraint() async throws {
        let store = try StoreFixture().open()
        _ = try await store.applyRegistrations([Sample.registration(4)], deadLetters: [])
        await #expect(throws: DatabaseError.self) {
            try await store.pool.write { db in
                try db.execute(sql: "INSERT INTO event_gate (stage, event_high, event_low, outbox) SELECT stage, event_high, event_low, x'' FROM event_gate")
            }
        }
    }

    @Test("store errors are classified by result code")
    func failureKinds() async throws {
        let store = try StoreFixture().open()
        #expect(store.failureKind(of: DatabaseError(resultCode: .SQLITE_CONSTRAINT)) == .message(reason: "store_rejected"))
        #expect(store.failureKind(of: DatabaseError(resultCode: .SQLITE_BUSY)) == .infrastructure)
        #expect(store.failureKind(of: DatabaseError(resultCode: .SQLITE_IOERR)) == .infrastructure)
        #expect(store.failureKind(of: DatabaseError(resultCode: .SQLITE_CORRUPT)) == .fatal)
        #expect(store.failureKind(of: StoreSchemaError(path: "x")) == .fatal)
        #expect(store.failureKind(of: CancellationError()) == nil)
    }

    @Test("commits are synced to disk (synchronous = FULL) on every connection")
    func durable() async throws {
        let store = try StoreFixture().open()
        #expect(try await store.pool.write { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2)
        #expect(try await store.pool.read { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2)
    }

    @Test("a store written by a newer version is refused, not migrated")
    func newerSchemaIsRefused() async throws {
        let fixture = try StoreFixture()
        try await fixture.open().pool.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99: from the future')") }
        #expect(throws: StoreSchemaError.self) { try fixture.open() }
    }

    @Test("many openers of one new store at the same moment all succeed, and migrate it once")
    func concurrentOpen() async throws {
        for _ in 0..<3 {
            let fixture = try StoreFixture()
            let path = fixture.path
            let opened = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        try await Task.detached {
                            try await SQLiteStore.open(path: path).pool.read {
                                try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM grdb_migrations") ?? 0
                            }
                        }.value
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(opened == Array(repeating: StoreSchema.migrator.migrations.count, count: 6))
        }
    }

    @Test("PostgreSQL: every session commits with synchronous_commit = on, whatever the server's default")
    func durableOnPostgreSQL() async throws {
        let store = try await StoreFixture(.postgres).store()
        // Two connections of the pool at once, so the setting is checked on more than one session.
        async let first = TestStores.rows(store, "SHOW synchronous_commit")
        async let second = TestStores.rows(store, "SHOW synchronous_commit")
        #expect(try await first == [["on"]])
        #expect(try await second == [["on"]])
        try await store.close()
    }

    @Test("PostgreSQL: many openers of one new schema at the same moment all succeed, and migrate it once")
    func concurrentOpenOnPostgreSQL() async throws {
        let location = try TestStores.location(.postgres, label: "concurrent")
        let counts = try await withThrowingTaskGroup(of: [[String?]].self) { group in
            for _ in 0..<6 {
                group.addTask {
                    let store = try await TestStores.open(location)
                    let rows = try await TestStores.rows(store, "SELECT id, COUNT(*) FROM schema_migrations GROUP BY id")
                    try await store.close()
                    return rows
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(counts.count == 6)
        for rows in counts {
            #expect(rows.count == 6, "every migration recorded")
            #expect(rows.allSatisfy { $0.last == "1" }, "each migration ran once")
        }
    }

    @Test("PostgreSQL: the key is a unique constraint of the store, not only a check in code")
    func uniqueConstraintOnPostgreSQL() async throws {
        let store = try await StoreFixture(.postgres).store()
        _ = try await store.applyRegistrations([Sample.registration(4)], deadLetters: [])
        let error = await #expect(throws: (any Error).self) {
            try await TestStores.execute(store, "INSERT INTO event_gate (stage, event_id, outbox) SELECT stage, event_id, '' FROM event_gate")
        }
        #expect((error as? PostgresStoreError)?.sqlState == "23505")
        #expect(store.failureKind(of: try #require(error)) == .message(reason: "store_rejected"))
    }
}
