import GRDB
import PensionDomain

/// Reads and writes the `household_register` table inside the caller's transaction.
package enum HouseholdRegisterTable {
    /// Upserts members as given (a register without birth dates leaves `birth_date` NULL; the eligibility stage
    /// then reads the birth date from an 18-character ID, see ``birthDateSQL``).
    static func upsert(_ members: [HouseholdMember], in db: Database) throws {
        let statement = try db.cachedStatement(sql: upsertMember)
        for member in members {
            try statement.execute(arguments: [
                member.residentId, member.householdNumber, member.name, member.relationship?.rawValue,
                member.sex?.rawValue, member.birthDate?.description, member.exemption?.rawValue,
            ])
        }
    }

    static func members(residentIds: [String], in db: Database) throws -> [String: HouseholdMember] {
        let statement = try db.cachedStatement(sql: selectMember)
        var found: [String: HouseholdMember] = [:]
        for residentId in residentIds where found[residentId] == nil {
            guard let row = try Row.fetchOne(statement, arguments: [residentId]) else { continue }
            found[residentId] = HouseholdMember(
                householdNumber: row[0], residentId: residentId, name: row[1],
                relationship: (row[2] as String?).flatMap(HouseholdRelationship.init(rawValue:)),
                sex: (row[3] as String?).flatMap(Sex.init(rawValue:)),
                birthDate: (row[4] as String?).flatMap(CivilDate.init(iso:)),
                exemption: (row[5] as String?).flatMap(BindingExemption.init(rawValue:))
            )
        }
        return found
    }

    /// The member's birth date as `YYYY-MM-DD`: the register's, else digits 7–14 of an 18-character ID.
    package static let birthDateSQL = """
        COALESCE(h.birth_date, CASE WHEN length(h.resident_id) = 18 THEN substr(h.resident_id, 7, 4) || '-' || \
        substr(h.resident_id, 11, 2) || '-' || substr(h.resident_id, 13, 2) END)
        """

    private static let upsertMember = """
        INSERT INTO household_register (resident_id, household_number, name, relationship, sex, birth_date, exemption)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (resident_id) DO UPDATE SET household_number = excluded.household_number, name = excluded.name,
            relationship = excluded.relationship, sex = excluded.sex, birth_date = excluded.birth_date,
            exemption = excluded.exemption
        """

    private static let selectMember = """
        SELECT household_number, name, relationship, sex, birth_date, exemption FROM household_register
        WHERE resident_id = ?
        """
}
