import GRDB

/// Reads and writes the `household_register` table inside the caller's transaction.
enum HouseholdRegisterTable {
    static func upsert(_ members: [HouseholdMember], in db: Database) throws {
        let statement = try db.cachedStatement(sql: upsertMember)
        for member in members {
            try statement.execute(arguments: [member.residentId, member.householdNumber, member.name])
        }
    }

    static func members(residentIds: [String], in db: Database) throws -> [String: HouseholdMember] {
        let statement = try db.cachedStatement(sql: selectMember)
        var found: [String: HouseholdMember] = [:]
        for residentId in residentIds where found[residentId] == nil {
            guard let row = try Row.fetchOne(statement, arguments: [residentId]) else { continue }
            found[residentId] = HouseholdMember(householdNumber: row[0], residentId: residentId, name: row[1])
        }
        return found
    }

    private static let upsertMember = """
        INSERT INTO household_register (resident_id, household_number, name) VALUES (?, ?, ?)
        ON CONFLICT (resident_id) DO UPDATE SET household_number = excluded.household_number, name = excluded.name
        """

    private static let selectMember = "SELECT household_number, name FROM household_register WHERE resident_id = ?"
}
