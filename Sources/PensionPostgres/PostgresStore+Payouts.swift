import Foundation
import Logging
import PensionDomain
import PensionStore
import PostgresNIO

extension PostgresStore {
    /// Applies one eligibility batch; see ``EligibilityStore/apply(_:rules:followUps:)``.
    public func apply(
        _ batch: StageBatch<EligibilityRecord>, rules: PensionRules,
        followUps: @escaping @Sendable (EligibilityRecord, EligibilityChange) throws -> [OutboxMessage]
    ) async throws -> [AppliedEvent<EligibilityOutcome>] {
        let writer = PostgresEligibilityWriter(rules: rules, followUps: followUps)
        return try await apply(batch, stage: StoreStage.eligibility) { records, connection, logger in
            try await writer.apply(records, on: connection, logger)
        }
    }

    /// Per-township eligibility counts; see ``EligibilityStore/eligibilitySummaries()``.
    public func eligibilitySummaries() async throws -> [EligibilitySummary] {
        let logger = logger
        return try await connection("reading eligibility summaries") { connection in
            EligibilitySummary.byTownship(
                try await connection.run(
                    """
                    SELECT township_code, status, COALESCE(held_reason, ''), released, COUNT(*),
                        COALESCE(SUM(monthly_amount_fen), 0)::bigint
                    FROM eligibility GROUP BY township_code, status, held_reason, released
                    """, logger
                ).map { row -> EligibilitySummary.Group in
                    try row.decode((String, String, String, Int, Int, Int).self)
                })
        }
    }

    /// Bank cards recorded, not closed, per township; see ``DriveStore/issuedCardCounts()``.
    public func issuedCardCounts() async throws -> [String: Int] {
        let logger = logger
        return try await connection("counting bank cards") { connection in
            var counts: [String: Int] = [:]
            for row in try await connection.run(
                """
                SELECT e.township_code, COUNT(*) FROM bank_cards c JOIN eligibility e ON e.resident_id = c.resident_id
                WHERE c.closed = 0 GROUP BY e.township_code
                """, logger)
            {
                let (code, count) = try row.decode((String, Int).self)
                counts[code] = count
            }
            return counts
        }
    }

    /// Applies one payout batch; see ``PayoutStore/apply(_:)``.
    public func apply(_ batch: StageBatch<PayoutRecord>) async throws -> [AppliedEvent<PayoutOutcome>] {
        try await apply(batch, stage: StoreStage.payout, writer: PostgresPayoutWriter.apply)
    }

    /// Posts notices; see ``PayoutStore/postNotices(on:)``.
    public func postNotices(on date: CivilDate) async throws -> [NoticeEntry] {
        let logger = logger
        let day = date.description
        return try await transaction("posting notices") { connection in
            try await connection.run(
                """
                INSERT INTO notices (resident_id, village_code, posted_on)
                SELECT resident_id, village_code, \(day) FROM eligibility
                WHERE status = 'eligible' AND eligible_on COLLATE "C" <= \(day)
                    AND resident_id NOT IN (SELECT resident_id FROM notices)
                ON CONFLICT (resident_id) DO NOTHING
                """, logger)
            return try await connection.run(
                """
                SELECT n.village_code, n.resident_id, e.name, e.monthly_amount_fen, e.first_paid_month
                FROM notices n JOIN eligibility e ON e.resident_id = n.resident_id
                WHERE n.posted_on = \(day) ORDER BY n.village_code COLLATE "C", n.resident_id COLLATE "C"
                """, logger
            ).map {
                let (village, residentId, name, monthly, firstPaidMonth) = try $0.decode(
                    (String, String, String, Int, String).self)
                return NoticeEntry(
                    villageCode: village, residentId: residentId, name: name, monthlyAmountFen: monthly,
                    firstPaidMonth: firstPaidMonth, postedOn: date)
            }
        }
    }

    /// Pensioners due; see ``PayoutStore/pensionersDue(month:today:noticeDays:)``.
    public func pensionersDue(month: String, today: CivilDate, noticeDays: Int) async throws -> [PensionerDue] {
        let logger = logger
        return try await connection("reading pensioners due") { connection in
            try await connection.run(
                """
                SELECT e.resident_id, e.township_code, e.village_code, e.monthly_amount_fen
                FROM eligibility e JOIN notices n ON n.resident_id = e.resident_id
                WHERE e.status = 'eligible' AND e.first_paid_month COLLATE "C" <= \(month)
                    AND n.posted_on COLLATE "C"
                        <= to_char(\(today.description)::date - \(noticeDays)::integer, 'YYYY-MM-DD')
                ORDER BY e.township_code COLLATE "C", e.resident_id COLLATE "C"
                """, logger
            ).map {
                let (residentId, township, village, monthly) = try $0.decode((String, String, String, Int).self)
                return PensionerDue(
                    residentId: residentId, townshipCode: township, villageCode: village, monthlyAmountFen: monthly)
            }
        }
    }

    /// Makes bank batches; see ``PayoutStore/makeBankBatches(month:size:)``. Runs under a transaction lock, so
    /// two operators making batches at once take turns, as on SQLite.
    public func makeBankBatches(month: String, size: Int) async throws -> [BankBatch] {
        precondition(size > 0, "a bank batch holds at least one record")
        let logger = logger
        return try await transaction("making bank batches") { connection in
            try await connection.run(
                "SELECT pg_advisory_xact_lock(hashtextextended('pension-bank-batches', 0))", logger)
            var byTownship: [(township: String, rows: [ReadyPayment])] = []
            for row in try await connection.run(
                """
                SELECT l.resident_id, l.township_code, l.amount_fen, l.attempts,
                    \(unescaped: PayoutWriter.usableCardSQL)
                FROM payout_ledger l JOIN eligibility e ON e.resident_id = l.resident_id
                WHERE l.month = \(month) AND l.status = 'ready'
                ORDER BY l.township_code COLLATE "C", l.village_code COLLATE "C", l.resident_id COLLATE "C"
                FOR UPDATE OF l
                """, logger)
            {
                let payment = try ReadyPayment(row.decode((String, String, Int, Int, String?).self))
                if byTownship.last?.township == payment.township {
                    byTownship[byTownship.count - 1].rows.append(payment)
                } else {
                    byTownship.append((payment.township, [payment]))
                }
            }
            for (township, rows) in byTownship {
                var sequence = try await connection.run(
                    """
                    SELECT COALESCE(MAX(sequence), 0) FROM bank_batches
                    WHERE month = \(month) AND township_code = \(township)
                    """, logger)[0].decode(Int.self)
                let noCard = rows.filter { $0.card == nil }.map(\.residentId)
                if !noCard.isEmpty {
                    try await connection.run(
                        """
                        UPDATE payout_ledger SET status = 'held_no_card'
                        WHERE month = \(month) AND resident_id = ANY(\(noCard)::text[])
                        """, logger)
                }
                let payable = rows.filter { $0.card != nil }
                for start in stride(from: 0, to: payable.count, by: size) {
                    sequence += 1
                    let chunk = Array(payable[start..<min(start + size, payable.count)])
                    let batchId = BankBatch.id(month: month, townshipCode: township, sequence: sequence)
                    try await connection.run(
                        """
                        INSERT INTO bank_batches (batch_id, month, township_code, sequence, records, total_fen)
                        VALUES (\(batchId), \(month), \(township), \(sequence), \(chunk.count),
                            \(chunk.reduce(0) { $0 + $1.amountFen }))
                        """, logger)
                    let attempts = chunk.map { $0.attempts + 1 }
                    try await connection.run(
                        """
                        INSERT INTO bank_batch_records (batch_id, line, resident_id, month, attempt, amount_fen,
                            card_number)
                        SELECT \(batchId), r.line, r.resident_id, \(month), r.attempt, r.amount_fen, r.card_number
                        FROM unnest(\(Array(1...chunk.count))::bigint[], \(chunk.map(\.residentId))::text[],
                            \(attempts)::bigint[], \(chunk.map(\.amountFen))::bigint[],
                            \(chunk.map { $0.card ?? "" })::text[])
                            AS r (line, resident_id, attempt, amount_fen, card_number)
                        """, logger)
                    try await connection.run(
                        """
                        UPDATE payout_ledger l SET status = 'batched', batch_id = \(batchId), attempts = r.attempt
                        FROM unnest(\(chunk.map(\.residentId))::text[], \(attempts)::bigint[])
                            AS r (resident_id, attempt)
                        WHERE l.resident_id = r.resident_id AND l.month = \(month) AND l.status = 'ready'
                        """, logger)
                }
            }
            return try await Self.bankBatches(month: month, on: connection, logger)
        }
    }

    /// Every bank batch of a month with its records, by batch ID.
    private static func bankBatches(month: String, on connection: PostgresConnection, _ logger: Logger) async throws
        -> [BankBatch]
    {
        var records: [String: [BankBatchRecord]] = [:]
        for row in try await connection.run(
            """
            SELECT r.batch_id, r.resident_id, e.name, e.village_code, r.card_number, r.amount_fen, r.attempt
            FROM bank_batch_records r JOIN eligibility e ON e.resident_id = r.resident_id
            WHERE r.batch_id IN (SELECT batch_id FROM bank_batches WHERE month = \(month))
            ORDER BY r.batch_id COLLATE "C", r.line
            """, logger)
        {
            let (batchId, residentId, name, village, card, amount, attempt) = try row.decode(
                (String, String, String, String, String, Int, Int).self)
            records[batchId, default: []].append(
                BankBatchRecord(
                    residentId: residentId, name: name, villageCode: village, cardNumber: card, amountFen: amount,
                    attempt: attempt))
        }
        return try await connection.run(
            """
            SELECT batch_id, township_code, total_fen FROM bank_batches WHERE month = \(month)
            ORDER BY batch_id COLLATE "C"
            """, logger
        ).map {
            let (batchId, township, total) = try $0.decode((String, String, Int).self)
            return BankBatch(
                batchId: batchId, month: month, townshipCode: township, records: records[batchId] ?? [],
                totalFen: total)
        }
    }

    /// The ledger of a month; see ``PayoutStore/ledgerSummaries(month:)``.
    public func ledgerSummaries(month: String) async throws -> [LedgerSummary] {
        let logger = logger
        return try await connection("reading the payout ledger") { connection in
            LedgerSummary.byTownship(
                try await connection.run(
                    """
                    SELECT township_code, status, COUNT(*), SUM(amount_fen)::bigint FROM payout_ledger
                    WHERE month = \(month) GROUP BY township_code, status
                    """, logger
                ).map { row -> LedgerSummary.Group in try row.decode((String, String, Int, Int).self) })
        }
    }
}

/// A `ready` payment as bank batches take it: resident, township, amount, attempts so far, usable card.
private struct ReadyPayment {
    var residentId: String
    var township: String
    var amountFen: Int
    var attempts: Int
    var card: String?

    init(_ row: (String, String, Int, Int, String?)) {
        residentId = row.0
        township = row.1
        amountFen = row.2
        attempts = row.3
        card = row.4
    }
}
