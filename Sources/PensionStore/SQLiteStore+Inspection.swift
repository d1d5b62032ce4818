import GRDB

extension SQLiteStore {
    /// The stored row of one enrollee, or `nil` if there is none.
    func enrollee(residentId: String) async throws -> EnrolleeRow? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM enrollees WHERE resident_id = ?", arguments: [residentId])
                .map(EnrolleeRow.init(row:))
        }
    }

    /// The number of rows in each table.
    func rowCounts() async throws -> [String: Int] {
        try await pool.read { db in
            var counts: [String: Int] = [:]
            for table in ["enrollees", "applied_events", "dead_letters", "redeliveries", "household_register"] {
                counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
            }
            return counts
        }
    }
}
