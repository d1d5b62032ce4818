import Foundation
import Logging
import PensionDomain
import PensionStore
import PostgresNIO

extension PostgresStore {
    /// Applies one registration batch; see ``PensionStore/apply(_:)-(StageBatch<RegistrationRecord>)``.
    public func apply(_ batch: StageBatch<RegistrationRecord>) async throws -> [AppliedEvent<RegistrationOutcome>] {
        try await apply(batch, stage: StoreStage.registration, writer: PostgresRegistrationWriter.apply)
    }

    /// Applies one verification batch; see ``PensionStore/apply(_:)-(StageBatch<VerificationRecord>)``.
    public func apply(_ batch: StageBatch<VerificationRecord>) async throws -> [AppliedEvent<VerificationOutcome>] {
        try await apply(batch, stage: StoreStage.idVerification, writer: PostgresVerificationWriter.apply)
    }

    /// Looks up household-register members; see ``PensionStore/householdMembers(residentIds:)``.
    public func householdMembers(residentIds: [String]) async throws -> [String: HouseholdMember] {
        guard !residentIds.isEmpty else { return [:] }
        let logger = logger
        return try await connection("reading the household register") { connection in
            var found: [String: HouseholdMember] = [:]
            for row in try await connection.run(
                """
                SELECT resident_id, household_number, name, relationship, sex, birth_date, exemption
                FROM household_register WHERE resident_id = ANY(\(residentIds)::text[])
                """, logger)
            {
                let (id, household, name, relationship, sex, birthDate, exemption) = try row.decode(
                    (String, String, String, String?, String?, String?, String?).self)
                found[id] = HouseholdMember(
                    householdNumber: household, residentId: id, name: name,
                    relationship: relationship.flatMap(HouseholdRelationship.init(rawValue:)),
                    sex: sex.flatMap(Sex.init(rawValue:)), birthDate: birthDate.flatMap(CivilDate.init(iso:)),
                    exemption: exemption.flatMap(BindingExemption.init(rawValue:)))
            }
            return found
        }
    }

    /// Adds or updates household-register entries; see ``PensionStore/loadHouseholdRegister(_:)``.
    public func loadHouseholdRegister(_ members: [HouseholdMember]) async throws {
        let logger = logger
        // A later duplicate wins, as on SQLite; one statement cannot update a row twice.
        var latest: [String: Int] = [:]
        for index in members.indices { latest[members[index].residentId] = index }
        let rows = latest.values.sorted().map { members[$0] }
        for chunk in stride(from: 0, to: rows.count, by: 5000).map({ rows[$0..<min($0 + 5000, rows.count)] }) {
            try await transaction("loading the household register") { connection in
                try await connection.run(
                    """
                    INSERT INTO household_register (
                        resident_id, household_number, name, relationship, sex, birth_date, exemption)
                    SELECT * FROM unnest(\(chunk.map(\.residentId))::text[], \(chunk.map(\.householdNumber))::text[],
                        \(chunk.map(\.name))::text[], \(chunk.map { $0.relationship?.rawValue ?? "" })::text[],
                        \(chunk.map { $0.sex?.rawValue ?? "" })::text[], \(chunk.map { $0.birthDate?.description ?? "" })::text[],
                        \(chunk.map { $0.exemption?.rawValue ?? "" })::text[])
                        AS m (resident_id, household_number, name, relationship, sex, birth_date, exemption)
                    ON CONFLICT (resident_id) DO UPDATE SET household_number = excluded.household_number,
                        name = excluded.name, relationship = NULLIF(excluded.relationship, ''),
                        sex = NULLIF(excluded.sex, ''), birth_date = NULLIF(excluded.birth_date, ''),
                        exemption = NULLIF(excluded.exemption, '')
                    """, logger)
                try await connection.run(
                    """
                    UPDATE household_register SET relationship = NULLIF(relationship, ''), sex = NULLIF(sex, ''),
                        birth_date = NULLIF(birth_date, ''), exemption = NULLIF(exemption, '')
                    WHERE resident_id = ANY(\(chunk.map(\.residentId))::text[])
                        AND '' IN (relationship, sex, birth_date, exemption)
                    """, logger)
            }
        }
    }

    /// Per-township progress; see ``PensionStore/townshipSummaries()``.
    public func townshipSummaries() async throws -> [TownshipSummary] {
        let logger = logger
        return try await transaction("reading the township summaries") { connection in
            let counts = try await connection.run(PostgresQuery(unsafeSQL: SummaryQuery.countsByTownship), logger)
                .map { try $0.decode((String, String?, String, Int).self) }
            let enrollees = try await connection.run(PostgresQuery(unsafeSQL: SummaryQuery.enrolleesByTownship), logger)
                .map { try $0.decode((String?, String, String?, Int).self) }
            let letters = try await connection.run(PostgresQuery(unsafeSQL: SummaryQuery.deadLettersByTownship), logger)
                .map { try $0.decode((String?, Int).self) }
            return SummaryQuery.assemble(counts: counts, enrollees: enrollees, deadLetters: letters)
        }
    }

    /// Events applied plus dead letters at a stage; see ``PensionStore/processedCount(stage:)``.
    public func processedCount(stage: String) async throws -> Int {
        let logger = logger
        return try await connection("counting processed events") { connection in
            try await connection.run(
                """
                SELECT (SELECT COALESCE(SUM(count), 0) FROM event_counts
                        WHERE stage = \(stage) AND outcome <> 'alreadyApplied')::bigint
                    + (SELECT COUNT(*) FROM dead_letters WHERE stage = \(stage))
                """, logger
            ).first?.decode(Int.self) ?? 0
        }
    }

    /// The dead letters recorded for a stage.
    public func deadLetterCount(stage: String) async throws -> Int {
        let logger = logger
        return try await connection("counting dead letters") { connection in
            try await connection.run("SELECT COUNT(*) FROM dead_letters WHERE stage = \(stage)", logger)
                .first?.decode(Int.self) ?? 0
        }
    }

    /// A digest of the enrollee state; see ``PensionStore/stateFingerprint()``. The same state gives the same
    /// digest as on SQLite: the same columns in the same (byte) order, integers as integers.
    public func stateFingerprint() async throws -> String {
        let logger = logger
        return try await transaction("computing the state fingerprint") { connection in
            var hasher = SHA256()
            hasher.update("enrollees\u{1D}")
            let enrollees = try await connection.run(
                PostgresQuery(
                    unsafeSQL: """
                        SELECT \(StateFingerprint.enrolleeColumns) FROM enrollees ORDER BY resident_id COLLATE "C"
                        """), logger)
            // contribution_tier_yuan, registered_at and registrations are integers; the rest is text.
            try Self.feed(enrollees, integerColumns: [7, 10, 12], into: &hasher)
            hasher.update("applied_events\u{1D}")
            let events = try await connection.run(
                #"SELECT event_id, stage, outcome FROM applied_events ORDER BY event_id COLLATE "C""#, logger)
            try Self.feed(events, integerColumns: [], into: &hasher)
            return hasher.finalizeHex()
        }
    }

    private static func feed(_ rows: [PostgresRow], integerColumns: Set<Int>, into hasher: inout SHA256) throws {
        for row in rows {
            for (index, cell) in row.enumerated() {
                if integerColumns.contains(index) {
                    let number = try cell.decode(Int64?.self)
                    StateFingerprint.feed(number.map { .integer($0) } ?? .null, into: &hasher)
                } else {
                    let text = try cell.decode(String?.self)
                    StateFingerprint.feed(text.map { .text($0) } ?? .null, into: &hasher)
                }
            }
            hasher.update("\u{1E}")
        }
    }
}

/// Applies registrations inside the caller's transaction, as `RegistrationWriter` does on SQLite: a record inserts
/// the enrollee (enrolled) or updates it (updated) unless the event is already in its `registration_events` (already
/// applied); a new event is appended to `applied_events`. One upsert per run of records with distinct residents (one
/// statement cannot update a row twice), so a batch takes as many statements as its most repeated resident.
enum PostgresRegistrationWriter {
    static func apply(_ records: [RegistrationRecord], on connection: PostgresConnection, _ logger: Logger)
        async throws -> [RegistrationOutcome]
    {
        guard !records.isEmpty else { return [] }
        var outcomes = [RegistrationOutcome](repeating: .alreadyApplied, count: records.count)
        for run in PostgresBatchRuns.distinct(records, by: { [$0.residentId, $0.eventId.wireString] }) {
            let chunk = run.map { records[$0] }
            var inserted: [String: Bool] = [:]
            for row in try await connection.run(
                """
                INSERT INTO enrollees AS e (
                    resident_id, name, sex, ethnicity, household_number, village_code, township_code,
                    contribution_tier_yuan, phone, bank_account, registered_at, last_registration_event,
                    registrations, status, registration_events)
                SELECT r.resident_id, r.name, r.sex, r.ethnicity, r.household_number, r.village_code, r.township_code,
                    r.tier, r.phone, r.bank_account, r.registered_at, r.event, 1, 'registered', ',' || r.event
                FROM unnest(\(chunk.map(\.residentId))::text[], \(chunk.map(\.name))::text[],
                    \(chunk.map(\.sex.rawValue))::text[], \(NullableTextArray(chunk.map(\.ethnicity)))::text[],
                    \(chunk.map(\.householdNumber))::text[], \(chunk.map(\.villageCode))::text[],
                    \(chunk.map(\.townshipCode))::text[], \(chunk.map { Int64($0.contributionTierYuan) })::bigint[],
                    \(NullableTextArray(chunk.map(\.phone)))::text[],
                    \(NullableTextArray(chunk.map(\.bankAccount)))::text[],
                    \(chunk.map { Int64(($0.occurredAt.timeIntervalSince1970 * 1000).rounded()) })::bigint[],
                    \(chunk.map(\.eventId.wireString))::text[])
                    AS r (resident_id, name, sex, ethnicity, household_number, village_code, township_code, tier,
                        phone, bank_account, registered_at, event)
                ORDER BY r.resident_id COLLATE "C"
                ON CONFLICT (resident_id) DO UPDATE SET
                    name = excluded.name, sex = excluded.sex, ethnicity = excluded.ethnicity,
                    household_number = excluded.household_number, village_code = excluded.village_code,
                    township_code = excluded.township_code, contribution_tier_yuan = excluded.contribution_tier_yuan,
                    phone = excluded.phone, bank_account = excluded.bank_account,
                    last_registration_event = excluded.last_registration_event,
                    registrations = e.registrations + 1,
                    registration_events = e.registration_events || excluded.registration_events
                WHERE strpos(e.registration_events, excluded.registration_events) = 0
                RETURNING e.resident_id, (xmax = 0)
                """, logger)
            {
                let (resident, isInsert) = try row.decode((String, Bool).self)
                inserted[resident] = isInsert
            }
            for index in run {
                if let isInsert = inserted[records[index].residentId] {
                    outcomes[index] = isInsert ? .enrolled : .updated
                }
            }
        }
        try await PostgresBatchTables.finish(
            records, outcomes, stage: StoreStage.registration, outcomes: RegistrationOutcome.allCases,
            alreadyApplied: .alreadyApplied, on: connection, logger)
        if outcomes.contains(.enrolled) {
            try await adoptOrphanDecisions(on: connection, logger)
        }
        return outcomes
    }

    /// Applies decisions that arrived before their enrollee row (the latest per resident), then drops them; their
    /// event IDs move into `decision_events`, so a redelivery is still recognised.
    private static func adoptOrphanDecisions(on connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.run(
            """
            UPDATE enrollees e SET status = o.status, reject_reason = o.reject_reason, birth_date = o.birth_date,
                decision_event = o.event_id, decision_events = e.decision_events || o.all_events
            FROM (
                SELECT DISTINCT ON (d.resident_id) d.resident_id, d.status, d.reject_reason, d.birth_date, d.event_id,
                    (SELECT string_agg(',' || x.event_id, '' ORDER BY x.seq) FROM orphan_decisions x
                     WHERE x.resident_id = d.resident_id) AS all_events
                FROM orphan_decisions d
                ORDER BY d.resident_id, d.seq DESC
            ) AS o
            WHERE e.resident_id = o.resident_id
            """, logger)
        try await connection.run(
            """
            DELETE FROM orphan_decisions d WHERE EXISTS (SELECT 1 FROM enrollees e WHERE e.resident_id = d.resident_id)
            """, logger)
    }
}

/// Applies verification decisions inside the caller's transaction, as `VerificationWriter` does on SQLite: the
/// decision goes to the enrollee row unless the event is already in its `decision_events` (or waiting in
/// `orphan_decisions`); a decision for a resident without a row waits in `orphan_decisions`. One statement per run
/// of records with distinct residents, as for registrations.
enum PostgresVerificationWriter {
    static func apply(_ records: [VerificationRecord], on connection: PostgresConnection, _ logger: Logger)
        async throws -> [VerificationOutcome]
    {
        guard !records.isEmpty else { return [] }
        var outcomes = [VerificationOutcome](repeating: .alreadyApplied, count: records.count)
        for run in PostgresBatchRuns.distinct(records, by: { [$0.residentId, $0.eventId.wireString] }) {
            var decisions: (events: [String], residents: [String], statuses: [String], reasons: [String?],
                            birthDates: [String?]) = ([], [], [], [], [])
            for index in run {
                let record = records[index]
                decisions.events.append(record.eventId.wireString)
                decisions.residents.append(record.residentId)
                switch record.decision {
                case .verified(let date, _):
                    decisions.statuses.append("verified")
                    decisions.reasons.append(nil)
                    decisions.birthDates.append(date.description)
                case .rejected(let code):
                    decisions.statuses.append("rejected")
                    decisions.reasons.append(code)
                    decisions.birthDates.append(nil)
                }
            }
            // One statement: the update takes the decisions of residents with a row, the orphan insert those without.
            var recorded: Set<String> = []
            for row in try await connection.run(
                """
                WITH d AS (
                    SELECT * FROM unnest(\(decisions.events)::text[], \(decisions.residents)::text[],
                        \(decisions.statuses)::text[], \(NullableTextArray(decisions.reasons))::text[],
                        \(NullableTextArray(decisions.birthDates))::text[])
                        WITH ORDINALITY AS d (event, resident_id, status, reason, birth_date, n)
                ), updated AS (
                    UPDATE enrollees e SET status = d.status, reject_reason = d.reason, birth_date = d.birth_date,
                        decision_event = d.event, decision_events = e.decision_events || ',' || d.event
                    FROM d
                    WHERE e.resident_id = d.resident_id AND strpos(e.decision_events, ',' || d.event) = 0
                        AND NOT EXISTS (SELECT 1 FROM orphan_decisions o WHERE o.event_id = d.event)
                    RETURNING d.event
                ), orphaned AS (
                    INSERT INTO orphan_decisions (event_id, resident_id, status, reject_reason, birth_date)
                    SELECT d.event, d.resident_id, d.status, d.reason, d.birth_date FROM d
                    WHERE NOT EXISTS (SELECT 1 FROM enrollees e WHERE e.resident_id = d.resident_id)
                    ORDER BY d.n
                    ON CONFLICT (event_id) DO NOTHING
                    RETURNING event_id
                )
                SELECT event FROM updated UNION ALL SELECT event_id FROM orphaned
                """, logger)
            {
                recorded.insert(try row.decode(String.self))
            }
            for index in run where recorded.contains(records[index].eventId.wireString) {
                outcomes[index] = .recorded
            }
        }
        try await PostgresBatchTables.finish(
            records, outcomes, stage: StoreStage.idVerification, outcomes: VerificationOutcome.allCases,
            alreadyApplied: .alreadyApplied, on: connection, logger)
        return outcomes
    }
}
