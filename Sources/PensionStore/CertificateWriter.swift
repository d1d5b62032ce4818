import Foundation
import GRDB
import PensionDomain

/// Applies certificate print jobs inside the caller's transaction (see ``CertificateStore``).
///
/// Per new job: a pensioner who has a certificate keeps it (the assignment points at its first page); otherwise the
/// township's sequence is advanced (`certificate_sequences`), the certificate row inserted, and a page added to the
/// batch's run for the village (one `print_runs` row per village and batch, status `assigned`). The stored outbox is
/// then replaced by the finalized follow-ups. The UNIQUE constraints (number, resident, township sequence, run page,
/// certificate page per reprint) make a second number or page impossible even if the gate were bypassed.
enum CertificateWriter {
    static let outcomes = [CertificatePrinted.printed, CertificatePrinted.alreadyIssued, "alreadyApplied"]

    static func apply(
        _ batch: StageBatch<CertificateRecord>, now: Date,
        finalize: (CertificateRecord, CertificateAssignment, [OutboxMessage]) throws -> [OutboxMessage],
        in db: Database
    ) throws -> [AppliedEvent<CertificateOutcome>] {
        let stage = StoreStage.certificate
        var gate = try EventGate(db, stage: stage)
        let stageCode = try StageCodes.code(of: stage, in: db)
        let admitted = try gate.admit(batch.events)
        var tally = EventTally(stage: stage, outcomes: outcomes)
        var applied = try AppliedEventStatement(db)
        var runs: [String: (id: Int, file: String, pages: Int)] = [:]
        var results: [AppliedEvent<CertificateOutcome>] = []
        results.reserveCapacity(batch.events.count)
        for index in batch.events.indices {
            let event = batch.events[index]
            let record = event.record
            guard admitted[index] else {
                results.append(.alreadyApplied(outbox: try gate.storedOutbox(record.eventId)))
                tally.add(townshipCode: record.townshipCode, outcome: 2)
                continue
            }
            let assignment: CertificateAssignment
            if let existing = try firstPrinting(residentId: record.job.residentId, in: db) {
                assignment = existing
            } else {
                let number = try nextNumber(township: record.townshipCode, in: db)
                try insertCertificate(number: number, record: record, in: db)
                let village = record.job.villageCode
                var run: (id: Int, file: String, pages: Int)
                if let open = runs[village] {
                    run = open
                } else {
                    let id = try createRun(kind: .issue, township: record.townshipCode, village: village, now: now, in: db)
                    run = (id, PrintRun.file(run: id, villageCode: village), 0)
                }
                run.pages += 1
                runs[village] = run
                try db.execute(
                    sql: "INSERT INTO print_pages (run_id, page, certificate_number, reprint) VALUES (?, ?, ?, 0)",
                    arguments: [run.id, run.pages, number])
                assignment = CertificateAssignment(number: number, run: run.id, file: run.file, page: run.pages, isNew: true)
            }
            let outbox = try finalize(record, assignment, event.outbox)
            let (high, low) = EventGate.halves(record.eventId)
            try db.execute(
                sql: "UPDATE event_gate SET outbox = ? WHERE stage = ? AND event_high = ? AND event_low = ?",
                arguments: [Data(OutboxCodec.encode(outbox)), stageCode, high, low])
            let outcome = assignment.isNew ? CertificatePrinted.printed : CertificatePrinted.alreadyIssued
            try applied.record(
                eventId: record.eventId, stage: stage, source: record.source, outcome: outcome,
                townshipCode: record.townshipCode)
            tally.add(townshipCode: record.townshipCode, outcome: assignment.isNew ? 0 : 1)
            results.append(.applied(CertificateOutcome(assignment: assignment, followUps: outbox)))
        }
        for run in runs.values {
            try db.execute(sql: "UPDATE print_runs SET pages = ? WHERE run_id = ?", arguments: [run.pages, run.id])
        }
        try applied.flush()
        try tally.write(in: db)
        try DeadLetterTable.record(batch.deadLetters, in: db)
        return results
    }

    /// The next number of a township's sequence: `<township>-<6 digits>` (more digits past 999,999).
    static func nextNumber(township: String, in db: Database) throws -> String {
        try db.execute(
            sql: """
                INSERT INTO certificate_sequences (township_code, last_sequence) VALUES (?, 1)
                ON CONFLICT (township_code) DO UPDATE SET last_sequence = last_sequence + 1
                """,
            arguments: [township])
        let sequence = try Int.fetchOne(
            db, sql: "SELECT last_sequence FROM certificate_sequences WHERE township_code = ?", arguments: [township]) ?? 0
        return CertificateAssignment.number(township: township, sequence: sequence)
    }

    static func createRun(
        kind: PrintRun.Kind, township: String, village: String, now: Date, in db: Database
    ) throws -> Int {
        // The file name needs the run ID, which AUTOINCREMENT gives on insert: insert with a placeholder, then name.
        try db.execute(
            sql: """
                INSERT INTO print_runs (kind, township_code, village_code, file, status, created_at)
                VALUES (?, ?, ?, 'pending:' || hex(randomblob(8)), 'assigned', ?)
                """,
            arguments: [kind.rawValue, township, village, Int64(now.timeIntervalSince1970 * 1000)])
        let id = Int(db.lastInsertedRowID)
        try db.execute(
            sql: "UPDATE print_runs SET file = ? WHERE run_id = ?", arguments: [PrintRun.file(run: id, villageCode: village), id])
        return id
    }

    private static func insertCertificate(number: String, record: CertificateRecord, in db: Database) throws {
        let job = record.job
        let sequence = Int(number.split(separator: "-").last ?? "") ?? 0
        try db.execute(
            sql: """
                INSERT INTO certificates (number, township_code, sequence, resident_id, name, sex, birth_date,
                    village_code, benefit_type, monthly_amount_fen, first_paid_month, bank_account_masked, eligible_on,
                    eligibility_event, request_event, issued_on)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                number, record.townshipCode, sequence, job.residentId, job.name, job.sex.rawValue,
                job.birthDate.description, job.villageCode, job.benefitType, job.monthlyAmountFen, job.firstPaidMonth,
                job.bankAccountMasked, job.eligibleOn.description, job.eligibilityEventId.uuidString,
                record.eventId.uuidString, record.issuedOn.description,
            ])
    }

    /// The number and first page of a pensioner's certificate, if any.
    private static func firstPrinting(residentId: String, in db: Database) throws -> CertificateAssignment? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT c.number, p.run_id, r.file, p.page FROM certificates c
                        JOIN print_pages p ON p.certificate_number = c.number AND p.reprint = 0
                        JOIN print_runs r ON r.run_id = p.run_id
                        WHERE c.resident_id = ?
                        """),
                arguments: [residentId])
        else { return nil }
        return CertificateAssignment(number: row[0], run: row[1], file: row[2], page: row[3], isNew: false)
    }
}
