import PostgresNIO

extension PostgresStore {
    /// Runs one SQL statement and reads the first column of its first row as an integer, `nil` without rows (for
    /// tests and inspection of the certificate tables).
    package func integer(sql: String) async throws -> Int? {
        let logger = logger
        return try await connection("inspecting the store") { connection in
            try await connection.run(PostgresQuery(unsafeSQL: sql), logger).first?.decode(Int?.self)
        }
    }

    /// Runs one SQL statement on its own (for tests that try to get past the store's constraints).
    package func execute(sql: String) async throws {
        let logger = logger
        try await connection("running a statement") { connection in
            try await connection.run(PostgresQuery(unsafeSQL: sql), logger)
        }
    }
}
