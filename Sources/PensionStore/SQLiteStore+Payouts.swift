import GRDB
import PensionDomain


extension SQLiteStore: PayoutStore {
    /// Applies one payout batch; see ``PayoutStore/apply(_:)``.
    public func apply(_ batch: StageBatch<PayoutRecord>) async throws -> [AppliedEvent<PayoutOutcome>] {
        try await apply(batch, stage: StoreStage.payout, writer: PayoutWriter.apply)
    }

    /// Posts notices; see ``PayoutStore/postNotices(on:)``.
    public func postNotices(on date: CivilDate) async throws -> [NoticeEntry] {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO notices (resident_id, village_code, posted_on)
                    SELECT resident_id, village_code, ?1 FROM eligibility
                    WHERE status = 'eligible' AND eligible_on <= ?1 AND resident_id NOT IN (SELECT resident_id FROM notices)
                    """,
                arguments: [date.description])
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT n.village_code, n.resident_id, e.name, e.monthly_amount_fen, e.first_paid_month
                    FROM notices n JOIN eligibility e ON e.resident_id = n.resident_id
                    WHERE n.posted_on = ? ORDER BY n.village_code, n.resident_id
                    """,
                arguments: [date.description]
            ).map {
                NoticeEntry(villageCode: $0[0], residentId: $0[1], name: $0[2], monthlyAmountFen: $0[3],
                            firstPaidMonth: $0[4], postedOn: date)
            }
        }
    }

    /// Pensioners due; see ``PayoutStore/pensionersDue(month:today:noticeDays:)``.
    public func pensionersDue(month: String, today: CivilDate, noticeDays: Int) async throws -> [PensionerDue] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT e.resident_id, e.township_code, e.village_code, e.monthly_amount_fen
                    FROM eligibility e JOIN notices n ON n.resident_id = e.resident_id
                    WHERE e.status = 'eligible' AND e.first_paid_month <= ?1
                        AND n.posted_on <= date(?2, '-' || ?3 || ' days')
                    ORDER BY e.township_code, e.resident_id
                    """,
                arguments: [month, today.description, noticeDays]
            ).map { PensionerDue(residentId: $0[0], townshipCode: $0[1], villageCode: $0[2], monthlyAmountFen: $0[3]) }
        }
    }

    /// Makes bank batches; see ``PayoutStore/makeBankBatches(month:size:)``.
    public func makeBankBatches(month: String, size: Int) async throws -> [BankBatch] {
        precondition(size > 0, "a bank batch holds at least one record")
        return try await pool.write { db in
            let ready = try Row.fetchAll(
                db,
                sql: """
                    SELECT l.resident_id, l.township_code, l.amount_fen, l.attempts, \(PayoutWriter.usableCardSQL)
                    FROM payout_ledger l JOIN eligibility e ON e.resident_id = l.resident_id
                    WHERE l.month = ? AND l.status = 'ready'
                    ORDER BY l.township_code, l.village_code, l.resident_id
                    """,
                arguments: [month])
            var byTownship: [(String, [Row])] = []
            for row in ready {
                let township: String = row[1]
                if byTownship.last?.0 == township { byTownship[byTownship.count - 1].1.append(row) }
                else { byTownship.append((township, [row])) }
            }
            for (township, rows) in byTownship {
                var sequence = try Int.fetchOne(
                    db, sql: "SELECT IFNULL(MAX(sequence), 0) FROM bank_batches WHERE month = ? AND township_code = ?",
                    arguments: [month, township]) ?? 0
                var payable: [Row] = []
                for row in rows {
                    guard (row[4] as String?) != nil else {
                        try db.execute(
                            sql: "UPDATE payout_ledger SET status = 'held_no_card' WHERE resident_id = ? AND month = ?",
                            arguments: [row[0] as String, month])
                        continue
                    }
                    payable.append(row)
                }
                for start in stride(from: 0, to: payable.count, by: size) {
                    sequence += 1
                    let chunk = payable[start..<min(start + size, payable.count)]
                    let batchId = BankBatch.id(month: month, townshipCode: township, sequence: sequence)
                    let total = chunk.reduce(0) { $0 + ($1[2] as Int) }
                    try db.execute(
                        sql: """
                            INSERT INTO bank_batches (batch_id, month, township_code, sequence, records, total_fen)
                            VALUES (?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [batchId, month, township, sequence, chunk.count, total])
                    for (line, row) in chunk.enumerated() {
                        let attempt = (row[3] as Int) + 1
                        try db.execute(
                            sql: """
                                INSERT INTO bank_batch_records (batch_id, line, resident_id, month, attempt, amount_fen,
                                    card_number) VALUES (?, ?, ?, ?, ?, ?, ?)
                                """,
                            arguments: [batchId, line + 1, row[0] as String, month, attempt, row[2] as Int,
                                        row[4] as String])
                        try db.execute(
                            sql: """
                                UPDATE payout_ledger SET status = 'batched', batch_id = ?, attempts = ?
                                WHERE resident_id = ? AND month = ? AND status = 'ready'
                                """,
                            arguments: [batchId, attempt, row[0] as String, month])
                    }
                }
            }
            return try Self.bankBatches(month: month, in: db)
        }
    }

    /// Every bank batch of a month with its records, by batch ID.
    static func bankBatches(month: String, in db: Database) throws -> [BankBatch] {
        let batches = try Row.fetchAll(
            db, sql: "SELECT batch_id, township_code, total_fen FROM bank_batches WHERE month = ? ORDER BY batch_id",
            arguments: [month])
        return try batches.map { batch in
            let batchId: String = batch[0]
            let records = try Row.fetchAll(
                db,
                sql: """
                    SELECT r.resident_id, e.name, e.village_code, r.card_number, r.amount_fen, r.attempt
                    FROM bank_batch_records r JOIN eligibility e ON e.resident_id = r.resident_id
                    WHERE r.batch_id = ? ORDER BY r.line
                    """,
                arguments: [batchId]
            ).map {
                BankBatchRecord(residentId: $0[0], name: $0[1], villageCode: $0[2], cardNumber: $0[3],
                                amountFen: $0[4], attempt: $0[5])
            }
            return BankBatch(batchId: batchId, month: month, townshipCode: batch[1], records: records,
                             totalFen: batch[2])
        }
    }

    /// The ledger of a month; see ``PayoutStore/ledgerSummaries(month:)``.
    public func ledgerSummaries(month: String) async throws -> [LedgerSummary] {
        try await pool.read { db in
            try LedgerSummary.byTownship(
                Row.fetchAll(
                    db,
                    sql: """
                        SELECT township_code, status, COUNT(*), SUM(amount_fen) FROM payout_ledger WHERE month = ?
                        GROUP BY township_code, status
                        """,
                    arguments: [month]
                ).map { row -> LedgerSummary.Group in (row[0], row[1], row[2], row[3]) })
        }
    }
}
