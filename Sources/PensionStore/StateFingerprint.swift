import Foundation
import GRDB

/// Computes ``PensionStore/stateFingerprint()`` inside the caller's read transaction.
///
/// Every enrollee column but the derived key (sorted by resident ID) and the event ID, stage and outcome of every
/// applied event (sorted by event ID) are written in a tagged, separated form (so `NULL`, `''` and `'1'` versus `1`
/// differ) into a SHA-256 digest.
package enum StateFingerprint {
    static func compute(in db: Database) throws -> String {
        var hasher = SHA256()
        hasher.update("enrollees\u{1D}")
        try feed(db, sql: "SELECT \(enrolleeColumns) FROM enrollees ORDER BY resident_id", into: &hasher)
        hasher.update("applied_events\u{1D}")
        try feed(db, sql: "SELECT event_id, stage, outcome FROM applied_events ORDER BY event_id", into: &hasher)
        return hasher.finalizeHex()
    }

    /// Every enrollee column but `resident_key`, which is derived from `resident_id`: the fingerprint describes
    /// the state, not how it is indexed, so it is the same before and after migration v3.
    package static let enrolleeColumns = """
        resident_id, name, sex, ethnicity, household_number, village_code, township_code, contribution_tier_yuan,
        phone, bank_account, registered_at, last_registration_event, registrations, status, reject_reason, birth_date,
        decision_event, registration_events, decision_events
        """

    private static func feed(_ db: Database, sql: String, into hasher: inout SHA256) throws {
        let rows = try Row.fetchCursor(db, sql: sql)
        while let row = try rows.next() {
            for value in row.databaseValues {
                switch value.storage {
                case .null: feed(.null, into: &hasher)
                case .int64(let number): feed(.integer(number), into: &hasher)
                case .double(let number): hasher.update("d\(number)\u{1F}")
                case .string(let text): feed(.text(text), into: &hasher)
                case .blob(let data): hasher.update("b\(data.count):\(data.base64EncodedString())\u{1F}")
                }
            }
            hasher.update("\u{1E}")
        }
    }

    /// A column value as the digest takes it, on any backend.
    package enum Value {
        case null
        case integer(Int64)
        case text(String)
    }

    /// Adds one value in its tagged form.
    package static func feed(_ value: Value, into hasher: inout SHA256) {
        switch value {
        case .null: hasher.update("n")
        case .integer(let number): hasher.update("i\(number)")
        case .text(let text):
            hasher.update("s\(text.utf8.count):")
            hasher.update(text)
        }
        hasher.update("\u{1F}")
    }
}
