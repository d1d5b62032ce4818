import Foundation
import Logging
import PensionDomain
import PensionStore
import PostgresNIO

/// Applies payout records inside the caller's transaction, in order, as `PayoutWriter` does on SQLite: the ledger's
/// primary key (resident, month) makes a second payment of a month impossible (a repeated request is `duplicate`),
/// and bank results change only a payment `batched` in that very batch.
enum PostgresPayoutWriter {
    static func apply(_ records: [PayoutRecord], on connection: PostgresConnection, _ logger: Logger) async throws
        -> [PayoutOutcome]
    {
        guard !records.isEmpty else { return [] }
        let kinds = PayoutOutcome.allCases
        var tally = EventTally(stage: StoreStage.payout, outcomes: kinds.map(\.rawValue))
        var outcomes: [PayoutOutcome] = []
        outcomes.reserveCapacity(records.count)
        for record in records {
            let outcome = try await apply(record, on: connection, logger)
            tally.add(townshipCode: record.townshipCode, outcome: kinds.firstIndex(of: outcome) ?? 0)
            outcomes.append(outcome)
        }
        try await PostgresBatchTables.write(tally, on: connection, logger)
        return outcomes
    }

    private static func apply(_ record: PayoutRecord, on connection: PostgresConnection, _ logger: Logger)
        async throws -> PayoutOutcome
    {
        switch record.change {
        case .requested(let residentId, let month, let amountFen, let villageCode):
            guard
                let card = try await connection.run(
                    """
                    SELECT \(unescaped: PayoutWriter.usableCardSQL) IS NOT NULL FROM eligibility e
                    WHERE e.resident_id = \(residentId) AND e.status = 'eligible'
                    """, logger
                ).first
            else { return .notEligible }
            let hasCard = try card.decode(Bool.self)
            let inserted = try await connection.run(
                """
                INSERT INTO payout_ledger (resident_id, month, township_code, village_code, amount_fen, status,
                    request_event)
                VALUES (\(residentId), \(month), \(record.townshipCode), \(villageCode), \(amountFen),
                    \(hasCard ? "ready" : "held_no_card"), \(record.eventId.uuidString))
                ON CONFLICT (resident_id, month) DO NOTHING
                RETURNING 1
                """, logger)
            guard !inserted.isEmpty else { return .duplicate }
            return hasCard ? .ready : .heldNoCard
        case .cardIssued(let residentId, let cardNumber, let issuedOn):
            try await connection.run(
                """
                INSERT INTO bank_cards (resident_id, card_number, issued_on, closed)
                VALUES (\(residentId), \(cardNumber), \(issuedOn.description), 0)
                ON CONFLICT (resident_id) DO UPDATE SET card_number = excluded.card_number,
                    issued_on = excluded.issued_on, closed = 0
                WHERE bank_cards.issued_on COLLATE "C" <= excluded.issued_on
                """, logger)
            try await connection.run(
                """
                UPDATE payout_ledger SET status = 'ready' WHERE resident_id = \(residentId) AND status = 'held_no_card'
                """, logger)
            return .cardRecorded
        case .completed(let residentId, let month, let batchId):
            let updated = try await connection.run(
                """
                UPDATE payout_ledger SET status = 'paid', failure_reason = NULL
                WHERE resident_id = \(residentId) AND month = \(month) AND batch_id = \(batchId) AND status = 'batched'
                RETURNING 1
                """, logger)
            return updated.count == 1 ? .paid : .ignored
        case .failed(let residentId, let month, let batchId, let reason):
            let next = PayoutWriter.status(afterFailure: reason)
            let updated = try await connection.run(
                """
                UPDATE payout_ledger SET status = \(next), failure_reason = \(reason)
                WHERE resident_id = \(residentId) AND month = \(month) AND batch_id = \(batchId) AND status = 'batched'
                RETURNING 1
                """, logger)
            guard updated.count == 1 else { return .ignored }
            if next == "held_no_card" {
                // The card the batch used is closed: keep it as closed, so only a newer card makes the payment ready.
                try await connection.run(
                    """
                    INSERT INTO bank_cards (resident_id, card_number, issued_on, closed)
                    SELECT resident_id, card_number, '0000-00-00', 1 FROM bank_batch_records
                    WHERE batch_id = \(batchId) AND resident_id = \(residentId) AND month = \(month)
                    ON CONFLICT (resident_id) DO UPDATE SET closed = 1
                    WHERE bank_cards.card_number = excluded.card_number
                    """, logger)
                // A card issued since the batch was made is usable at once.
                try await connection.run(
                    """
                    UPDATE payout_ledger SET status = 'ready'
                    WHERE resident_id = \(residentId) AND month = \(month) AND status = 'held_no_card'
                        AND EXISTS (SELECT 1 FROM bank_cards WHERE resident_id = \(residentId) AND closed = 0)
                    """, logger)
            }
            return .failed
        }
    }
}
