import Foundation
import GRDB

/// Applies registrations inside the caller's transaction.
///
/// Per record, one upsert both checks that the event ID is new and inserts or updates the enrollee, returning the
/// row's registration count (1 for a new enrollee); then the event is recorded as applied. A re-registration
/// updates every registration field but keeps the first `registered_at` and the latest decision.
enum RegistrationWriter {
    static func apply(_ records: [RegistrationRecord], in db: Database) throws -> [RegistrationOutcome] {
        var outcomes: [RegistrationOutcome] = []
        outcomes.reserveCapacity(records.count)
        let upsert = try db.cachedStatement(sql: upsertEnrollee)
        for record in records {
            let eventId = record.eventId.uuidString
            let registeredAt = Int64((record.occurredAt.timeIntervalSince1970 * 1000).rounded())
            let registrations = try Int.fetchOne(
                upsert,
                arguments: [
                    record.residentId, record.name, record.sex.rawValue, record.ethnicity, record.householdNumber,
                    record.villageCode, record.townshipCode, record.contributionTierYuan, record.phone,
                    record.bankAccount, registeredAt, eventId,
                ])
            guard let registrations else {
                try EventLedger.countRedelivery(
                    stage: StoreStage.registration, townshipCode: record.townshipCode, in: db)
                outcomes.append(.alreadyApplied)
                continue
            }
            let outcome: RegistrationOutcome = registrations == 1 ? .enrolled : .updated
            try EventLedger.recordApplied(
                eventId: eventId, stage: StoreStage.registration, source: record.source,
                outcome: outcome.rawValue, townshipCode: record.townshipCode, in: db)
            outcomes.append(outcome)
        }
        return outcomes
    }

    /// Parameters 1–12: the registration fields, `registered_at` in milliseconds and the event ID.
    ///
    /// The `WHERE NOT EXISTS` makes the statement a no-op (no row returned) for an event applied before.
    private static let upsertEnrollee = """
        INSERT INTO enrollees (
            resident_id, name, sex, ethnicity, household_number, village_code, township_code,
            contribution_tier_yuan, phone, bank_account, registered_at, last_registration_event,
            registrations, status)
        SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1, 'registered'
        WHERE NOT EXISTS (SELECT 1 FROM applied_events WHERE event_id = ?12)
        ON CONFLICT (resident_id) DO UPDATE SET
            name = excluded.name,
            sex = excluded.sex,
            ethnicity = excluded.ethnicity,
            household_number = excluded.household_number,
            village_code = excluded.village_code,
            township_code = excluded.township_code,
            contribution_tier_yuan = excluded.contribution_tier_yuan,
            phone = excluded.phone,
            bank_account = excluded.bank_account,
            last_registration_event = excluded.last_registration_event,
            registrations = registrations + 1
        RETURNING registrations
        """
}
