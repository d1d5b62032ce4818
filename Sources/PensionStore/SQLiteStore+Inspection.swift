import GRDB

extension SQLiteStore {
    /// The stored row of one enrollee, or `nil` if there is none.
    package func enrollee(residentId: String) async throws -> EnrolleeRow? {
        try await pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM enrollees WHERE resident_key IS ? AND resident_id = ?",
                arguments: [ResidentKey.of(residentId), residentId])
                .map(EnrolleeRow.init(row:))
        }
    }

    /// The number of rows in each table.
    package func rowCounts() async throws -> [String: Int] {
        try await pool.read { db in
            var counts: [String: Int] = [:]
            let tables = [
                "enrollees", "applied_events", "orphan_decisions", "event_counts", "dead_letters", "household_register",
                "event_gate",
            ]
            for table in tables {
                counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
            }
            return counts
        }
    }

    /// Runs one query and reads every row, each value as text (`nil` for NULL), for tests and inspection.
    package func rows(sql: String) async throws -> [[String?]] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: sql).map { row in
                row.databaseValues.map { value -> String? in
                    switch value.storage {
                    case .null: nil
                    case .int64(let number): String(number)
                    case .double(let number): String(number)
                    case .string(let text): text
                    case .blob(let data): data.base64EncodedString()
                    }
                }
            }
        }
    }

    /// Runs SQL statements in one transaction (for tests that try to get past the store's constraints).
    package func execute(sql: String) async throws {
        try await pool.write { try $0.execute(sql: sql) }
    }
}
