import GRDB
import PensionDomain

/// Applies payout records inside the caller's transaction, in order.
///
/// The ledger's primary key (resident, month) is what makes a second payment of a month impossible: a repeated or
/// re-scheduled request meets `ON CONFLICT DO NOTHING` and is counted `duplicate`. Bank results change only a
/// payment that is `batched` in that very batch, so a repeated or stale result changes nothing.
package enum PayoutWriter {
    static func apply(_ records: [PayoutRecord], in db: Database) throws -> [PayoutOutcome] {
        guard !records.isEmpty else { return [] }
        let kinds = PayoutOutcome.allCases
        var tally = EventTally(stage: StoreStage.payout, outcomes: kinds.map(\.rawValue))
        var outcomes: [PayoutOutcome] = []
        for record in records {
            let outcome = try apply(record, in: db)
            tally.add(townshipCode: record.townshipCode, outcome: kinds.firstIndex(of: outcome) ?? 0)
            outcomes.append(outcome)
        }
        try tally.write(in: db)
        return outcomes
    }

    /// A usable card: the latest issued one unless closed, else (no issued card) the registration's.
    package static let usableCardSQL = """
        COALESCE(
            (SELECT CASE WHEN c.closed = 0 THEN c.card_number END FROM bank_cards c WHERE c.resident_id = e.resident_id),
            CASE WHEN NOT EXISTS (SELECT 1 FROM bank_cards c WHERE c.resident_id = e.resident_id)
                THEN NULLIF(e.bank_account, '') END)
        """

    /// Where a failed payment goes: `stopped` (suspended, deceased), `held_no_card` (no card, closed account) or back
    /// to `ready`.
    package static func status(afterFailure reason: String) -> String {
        switch reason {
        case "suspended", "deceased": return "stopped"
        case "no_card", "closed_account": return "held_no_card"
        default: return "ready"
        }
    }

    private static func apply(_ record: PayoutRecord, in db: Database) throws -> PayoutOutcome {
        switch record.change {
        case .requested(let residentId, let month, let amountFen, let villageCode):
            guard let card = try Row.fetchOne(
                db,
                sql: "SELECT \(usableCardSQL) IS NOT NULL FROM eligibility e WHERE e.resident_id = ? AND e.status = 'eligible'",
                arguments: [residentId])
            else { return .notEligible }
            let hasCard: Bool = card[0]
            try db.execute(
                sql: """
                    INSERT INTO payout_ledger (resident_id, month, township_code, village_code, amount_fen, status,
                        request_event)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (resident_id, month) DO NOTHING
                    """,
                arguments: [residentId, month, record.townshipCode, villageCode, amountFen,
                            hasCard ? "ready" : "held_no_card", record.eventId.uuidString])
            guard db.changesCount == 1 else { return .duplicate }
            return hasCard ? .ready : .heldNoCard
        case .cardIssued(let residentId, let cardNumber, let issuedOn):
            try db.execute(
                sql: """
                    INSERT INTO bank_cards (resident_id, card_number, issued_on, closed) VALUES (?, ?, ?, 0)
                    ON CONFLICT (resident_id) DO UPDATE SET card_number = excluded.card_number,
                        issued_on = excluded.issued_on, closed = 0
                    WHERE bank_cards.issued_on <= excluded.issued_on
                    """,
                arguments: [residentId, cardNumber, issuedOn.description])
            try db.execute(
                sql: "UPDATE payout_ledger SET status = 'ready' WHERE resident_id = ? AND status = 'held_no_card'",
                arguments: [residentId])
            return .cardRecorded
        case .completed(let residentId, let month, let batchId):
            try db.execute(
                sql: """
                    UPDATE payout_ledger SET status = 'paid', failure_reason = NULL
                    WHERE resident_id = ? AND month = ? AND batch_id = ? AND status = 'batched'
                    """,
                arguments: [residentId, month, batchId])
            return db.changesCount == 1 ? .paid : .ignored
        case .failed(let residentId, let month, let batchId, let reason):
            let next = status(afterFailure: reason)
            try db.execute(
                sql: """
                    UPDATE payout_ledger SET status = ?, failure_reason = ?
                    WHERE resident_id = ? AND month = ? AND batch_id = ? AND status = 'batched'
                    """,
                arguments: [next, reason, residentId, month, batchId])
            guard db.changesCount == 1 else { return .ignored }
            if next == "held_no_card" {
                // The card the batch used is closed: keep it as closed, so only a newer card makes the payment ready.
                try db.execute(
                    sql: """
                        INSERT INTO bank_cards (resident_id, card_number, issued_on, closed)
                        SELECT resident_id, card_number, '0000-00-00', 1 FROM bank_batch_records
                        WHERE batch_id = ? AND resident_id = ? AND month = ?
                        ON CONFLICT (resident_id) DO UPDATE SET closed = 1
                        WHERE bank_cards.card_number = excluded.card_number
                        """,
                    arguments: [batchId, residentId, month])
                // A card issued since the batch was made is usable at once.
                try db.execute(
                    sql: """
                        UPDATE payout_ledger SET status = 'ready'
                        WHERE resident_id = ?1 AND month = ?2 AND status = 'held_no_card'
                            AND EXISTS (SELECT 1 FROM bank_cards WHERE resident_id = ?1 AND closed = 0)
                        """,
                    arguments: [residentId, month])
            }
            return .failed
        }
    }
}
