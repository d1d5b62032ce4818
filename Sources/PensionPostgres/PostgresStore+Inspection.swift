import Foundation
import PensionStore
import PostgresNIO

extension PostgresStore {
    /// The stored row of one enrollee, or `nil` if there is none (for tests and inspection).
    package func enrollee(residentId: String) async throws -> EnrolleeRow? {
        let logger = logger
        return try await connection("reading an enrollee") { connection in
            guard
                let row = try await connection.run(
                    PostgresQuery(
                        unsafeSQL: "SELECT \(StateFingerprint.enrolleeColumns) FROM enrollees WHERE resident_id = $1",
                        binds: {
                            var binds = PostgresBindings()
                            binds.append(residentId)
                            return binds
                        }()), logger
                ).first
            else { return nil }
            let c = row.makeRandomAccess()
            return EnrolleeRow(
                residentId: try c[0].decode(String.self), name: try c[1].decode(String.self),
                sex: try c[2].decode(String.self), ethnicity: try c[3].decode(String?.self),
                householdNumber: try c[4].decode(String.self), villageCode: try c[5].decode(String.self),
                townshipCode: try c[6].decode(String.self), contributionTierYuan: try c[7].decode(Int.self),
                phone: try c[8].decode(String?.self), bankAccount: try c[9].decode(String?.self),
                registeredAtMilliseconds: try c[10].decode(Int64.self),
                lastRegistrationEvent: try c[11].decode(String.self), registrations: try c[12].decode(Int.self),
                status: try c[13].decode(String.self), rejectReason: try c[14].decode(String?.self),
                birthDate: try c[15].decode(String?.self), decisionEvent: try c[16].decode(String?.self),
                registrationEvents: try c[17].decode(String.self), decisionEvents: try c[18].decode(String.self))
        }
    }

    /// The number of rows in each core table (for tests and inspection).
    package func rowCounts() async throws -> [String: Int] {
        let logger = logger
        return try await connection("counting rows") { connection in
            var counts: [String: Int] = [:]
            for table in [
                "enrollees", "applied_events", "orphan_decisions", "event_counts", "dead_letters", "household_register",
                "event_gate",
            ] {
                counts[table] = try await connection.run(PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(table)"), logger)
                    .first?.decode(Int.self) ?? 0
            }
            return counts
        }
    }

    /// Runs one query and reads every row, each value as text (`nil` for NULL; booleans as 1 and 0, as on
    /// SQLite), for tests and inspection.
    package func rows(sql: String) async throws -> [[String?]] {
        let logger = logger
        return try await connection("inspecting the store") { connection in
            try await connection.run(PostgresQuery(unsafeSQL: sql), logger).map { row in
                try row.map { cell -> String? in
                    guard cell.bytes != nil else { return nil }
                    switch cell.dataType {
                    case .int8: return String(try cell.decode(Int64.self))
                    case .int4: return String(try cell.decode(Int32.self))
                    case .int2: return String(try cell.decode(Int16.self))
                    case .bool: return try cell.decode(Bool.self) ? "1" : "0"
                    case .float8: return String(try cell.decode(Double.self))
                    case .numeric: return "\(try cell.decode(Decimal.self))"
                    default: return try cell.decode(String.self)
                    }
                }
            }
        }
    }

    /// Runs one SQL statement and reads the first column of its first row as an integer, `nil` without rows (for
    /// tests and inspection).
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
