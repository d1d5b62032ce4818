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
}
