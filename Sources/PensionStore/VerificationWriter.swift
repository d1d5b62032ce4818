import GRDB

/// Applies verification decisions inside the caller's transaction.
///
/// Per record, the decision is written to the resident's enrollee row unless the event is already in its
/// `decision_events` (or in `orphan_decisions`); the event is then appended to `applied_events` with outcome
/// `recorded`. A decision for a resident with no enrollee row yet (its registration is still on the way, or a topic
/// is being replayed) is kept in `orphan_decisions` and applied by the registration that creates the row; it
/// creates no enrollee row itself. The sex read from a verified ID is not stored: the row keeps the sex stated on
/// the form.
enum VerificationWriter {
    static func apply(_ records: [VerificationRecord], in db: Database) throws -> [VerificationOutcome] {
        guard !records.isEmpty else { return [] }
        var outcomes: [VerificationOutcome] = []
        outcomes.reserveCapacity(records.count)
        var update = try FastStatement(db, sql: updateDecision)
        var orphan = try FastStatement(db, sql: insertOrphan)
        var applied = try AppliedEventStatement(db)
        let kinds = VerificationOutcome.allCases
        var tally = EventTally(stage: StoreStage.idVerification, outcomes: kinds.map(\.rawValue))
        for record in records {
            let key = ResidentKey.of(record.residentId)
            update.start()
            bind(record.decision, to: &update)
            update.bind(record.eventId)
            update.bind(record.residentId)
            update.bind(key)
            var isNew = try update.run() > 0
            if !isNew {
                orphan.start()
                orphan.bind(record.eventId)
                orphan.bind(record.residentId)
                bind(record.decision, to: &orphan)
                orphan.bind(key)
                isNew = try orphan.run() > 0
            }
            let outcome: VerificationOutcome = isNew ? .recorded : .alreadyApplied
            if isNew {
                try applied.record(
                    eventId: record.eventId, stage: StoreStage.idVerification, source: record.source,
                    outcome: outcome.rawValue, townshipCode: record.townshipCode)
            }
            tally.add(townshipCode: record.townshipCode, outcome: kinds.firstIndex(of: outcome) ?? 0)
            outcomes.append(outcome)
        }
        try applied.flush()
        try tally.write(in: db)
        return outcomes
    }

    /// Binds status, reject reason and birth date.
    private static func bind(_ decision: VerificationDecision, to statement: inout FastStatement) {
        switch decision {
        case .verified(let birthDate, _):
            statement.bind("verified")
            statement.bindNull()
            statement.bind(birthDate.description)
        case .rejected(let reasonCode):
            statement.bind("rejected")
            statement.bind(reasonCode)
            statement.bindNull()
        }
    }

    /// Changes one row, or none if the resident has no row or the event was applied before.
    private static let updateDecision = """
        UPDATE enrollees SET status = ?1, reject_reason = ?2, birth_date = ?3, decision_event = ?4,
            decision_events = decision_events || ',' || ?4
        WHERE resident_key IS ?6 AND resident_id = ?5 AND instr(decision_events, ',' || ?4) = 0
            AND NOT EXISTS (SELECT 1 FROM orphan_decisions WHERE event_id = ?4)
        """

    /// Inserts one row if the resident has no enrollee row and the event was not applied before.
    private static let insertOrphan = """
        INSERT INTO orphan_decisions (event_id, resident_id, status, reject_reason, birth_date, resident_key)
        SELECT ?1, ?2, ?3, ?4, ?5, ?6
        WHERE NOT EXISTS (SELECT 1 FROM enrollees WHERE resident_key IS ?6 AND resident_id = ?2)
        ON CONFLICT (event_id) DO NOTHING
        """
}
