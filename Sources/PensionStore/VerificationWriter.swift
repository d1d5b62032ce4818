import GRDB

/// Applies verification decisions inside the caller's transaction.
///
/// Per record, the event is claimed in `applied_events` (outcome `recorded`); if it was new, the decision is written
/// to the resident's enrollee row. A decision for a resident with no enrollee row is still recorded as applied but
/// creates no row, so no orphan enrollee appears; the decision is then not kept. The sex read from a verified ID is
/// not stored: the row keeps the sex stated on the form.
enum VerificationWriter {
    static func apply(_ records: [VerificationRecord], in db: Database) throws -> [VerificationOutcome] {
        var outcomes: [VerificationOutcome] = []
        outcomes.reserveCapacity(records.count)
        let update = try db.cachedStatement(sql: updateDecision)
        for record in records {
            let eventId = record.eventId.uuidString
            let isNew = try EventLedger.claim(
                eventId: eventId, stage: StoreStage.idVerification, source: record.source,
                outcome: VerificationOutcome.recorded.rawValue, townshipCode: record.townshipCode, in: db)
            guard isNew else {
                try EventLedger.countRedelivery(
                    stage: StoreStage.idVerification, townshipCode: record.townshipCode, in: db)
                outcomes.append(.alreadyApplied)
                continue
            }
            switch record.decision {
            case .verified(let birthDate, _):
                try update.execute(arguments: ["verified", nil, birthDate.description, eventId, record.residentId])
            case .rejected(let reasonCode):
                try update.execute(arguments: ["rejected", reasonCode, nil, eventId, record.residentId])
            }
            outcomes.append(.recorded)
        }
        return outcomes
    }

    private static let updateDecision = """
        UPDATE enrollees SET status = ?, reject_reason = ?, birth_date = ?, decision_event = ?
        WHERE resident_id = ?
        """
}
