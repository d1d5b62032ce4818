import Foundation
import GRDB

/// Applies registrations inside the caller's transaction.
///
/// Per record, one upsert inserts the enrollee (enrolled), or updates it (updated) unless the event is already in
/// its `registration_events` (already applied); then a new event is appended to `applied_events`. An event ID
/// belongs to one registration, so its redeliveries carry the same resident ID and find it in that row. A
/// re-registration updates every registration field but keeps the first `registered_at` and the latest decision.
enum RegistrationWriter {
    static func apply(_ records: [RegistrationRecord], in db: Database) throws -> [RegistrationOutcome] {
        guard !records.isEmpty else { return [] }
        var outcomes: [RegistrationOutcome] = []
        outcomes.reserveCapacity(records.count)
        var upsert = try FastStatement(db, sql: upsertEnrollee)
        var applied = try AppliedEventStatement(db)
        let kinds = RegistrationOutcome.allCases
        var tally = EventTally(stage: StoreStage.registration, outcomes: kinds.map(\.rawValue))
        // Fields are read in place (`records[index].name`): copying a whole record would retain and release each of
        // its strings, a measurable share of the loop.
        for index in records.indices {
            upsert.start()
            upsert.bind(records[index].residentId)
            upsert.bind(records[index].name)
            upsert.bind(records[index].sex.rawValue)
            upsert.bind(records[index].ethnicity)
            upsert.bind(records[index].householdNumber)
            upsert.bind(records[index].villageCode)
            upsert.bind(records[index].townshipCode)
            upsert.bind(records[index].contributionTierYuan)
            upsert.bind(records[index].phone)
            upsert.bind(records[index].bankAccount)
            upsert.bind(Int64((records[index].occurredAt.timeIntervalSince1970 * 1000).rounded()))
            upsert.bind(records[index].eventId)
            upsert.bind(ResidentKey.of(records[index].residentId))
            let outcome: RegistrationOutcome
            switch try upsert.runUpsert() {
            case .inserted: outcome = .enrolled
            case .updated: outcome = .updated
            case .unchanged: outcome = .alreadyApplied
            }
            if outcome != .alreadyApplied {
                try applied.record(
                    eventId: records[index].eventId, stage: StoreStage.registration, source: records[index].source,
                    outcome: outcome.rawValue, townshipCode: records[index].townshipCode)
            }
            tally.add(townshipCode: records[index].townshipCode, outcome: kinds.firstIndex(of: outcome) ?? 0)
            outcomes.append(outcome)
        }
        try applied.flush()
        try tally.write(in: db)
        if outcomes.contains(.enrolled) {
            try db.execute(sql: adoptOrphanDecisions)
        }
        return outcomes
    }

    /// Applies decisions that arrived before their enrollee row (the latest per resident), then drops them; their
    /// event IDs move into `decision_events`, so a redelivery is still recognised. Both statements are driven by
    /// `orphan_decisions` (usually empty), never by a scan of `enrollees`.
    private static let adoptOrphanDecisions = """
        UPDATE enrollees SET status = o.status, reject_reason = o.reject_reason, birth_date = o.birth_date,
            decision_event = o.event_id, decision_events = decision_events || o.all_events
        FROM (
            SELECT d.resident_id, d.resident_key, d.status, d.reject_reason, d.birth_date, d.event_id,
                (SELECT group_concat(',' || x.event_id, '') FROM orphan_decisions x
                 WHERE x.resident_id = d.resident_id) AS all_events
            FROM orphan_decisions d
            WHERE d.rowid IN (SELECT max(rowid) FROM orphan_decisions GROUP BY resident_id)
        ) AS o
        WHERE enrollees.resident_key IS o.resident_key AND enrollees.resident_id = o.resident_id;
        DELETE FROM orphan_decisions
            WHERE EXISTS (
                SELECT 1 FROM enrollees e
                WHERE e.resident_key IS orphan_decisions.resident_key AND e.resident_id = orphan_decisions.resident_id
            );
        """

    /// Parameters 1–12: the registration fields, `registered_at` in milliseconds and the event ID; 13: the
    /// ``ResidentKey`` or `NULL`. A keyed row conflicts on `resident_key`, an unkeyed one on its text (the partial
    /// index); both update alike.
    ///
    /// Each entry of `registration_events` is `,` and a 36-character ID, so `instr` matches whole entries only.
    private static let upsertEnrollee = """
        INSERT INTO enrollees (
            resident_id, name, sex, ethnicity, household_number, village_code, township_code,
            contribution_tier_yuan, phone, bank_account, registered_at, last_registration_event,
            registrations, status, registration_events, resident_key)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1, 'registered', ',' || ?12, ?13)
        ON CONFLICT (resident_key) \(reregistration)
        ON CONFLICT (resident_id) WHERE resident_key IS NULL \(reregistration)
        """

    /// A new event for a known resident: every registration field changes, unless the event was applied before.
    private static let reregistration = """
        DO UPDATE SET
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
            registrations = registrations + 1,
            registration_events = registration_events || excluded.registration_events
        WHERE instr(registration_events, excluded.registration_events) = 0
        """
}
