import Foundation
import GRDB
import PensionDomain

extension SQLiteStore: CertificateStore {
    /// Applies one batch of print jobs; see ``CertificateStore/apply(_:finalize:)``.
    public func apply(
        _ batch: StageBatch<CertificateRecord>,
        finalize: @escaping @Sendable (CertificateRecord, CertificateAssignment, [OutboxMessage]) throws
            -> [OutboxMessage]
    ) async throws -> [AppliedEvent<CertificateOutcome>] {
        try await pool.write { db in
            try CertificateWriter.apply(batch, now: Date(), finalize: finalize, in: db)
        }
    }

    /// Runs not yet durable (or not yet sent); see ``CertificateStore/pendingRuns(includingRendered:staleClaimsBefore:)``.
    public func pendingRuns(includingRendered: Bool, staleClaimsBefore: Date) async throws -> [PrintRun] {
        try await pool.read { db in
            let sql = includingRendered
                ? """
                SELECT run_id FROM print_runs
                WHERE status = 'assigned' OR status = 'rendered' OR (status = 'sending' AND claimed_at < ?)
                ORDER BY run_id
                """
                : "SELECT run_id FROM print_runs WHERE status = 'assigned' ORDER BY run_id"
            let arguments: StatementArguments = includingRendered ? [Self.milliseconds(staleClaimsBefore)] : []
            return try Int.fetchAll(db, sql: sql, arguments: arguments).map { try CertificateQueries.run($0, in: db) }
        }
    }

    /// See ``CertificateStore/claimForSending(run:printer:at:staleClaimsBefore:)``.
    public func claimForSending(run: Int, printer: String, at time: Date, staleClaimsBefore: Date) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE print_runs SET status = 'sending', printer = ?, claimed_at = ?
                    WHERE run_id = ? AND (status = 'rendered' OR (status = 'sending' AND claimed_at < ?))
                    """,
                arguments: [printer, Self.milliseconds(time), run, Self.milliseconds(staleClaimsBefore)])
            return db.changesCount > 0
        }
    }

    private static func milliseconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970 * 1000) }

    /// See ``CertificateStore/markRendered(run:bytes:at:)``.
    public func markRendered(run: Int, bytes: Int, at time: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE print_runs SET status = 'rendered', bytes = ?, rendered_at = ? WHERE run_id = ? AND status = 'assigned'",
                arguments: [bytes, Int64(time.timeIntervalSince1970 * 1000), run])
        }
    }

    /// See ``CertificateStore/markSent(run:printer:job:)``.
    public func markSent(run: Int, printer: String, job: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE print_runs SET status = 'sent', printer = ?, cups_job = ? WHERE run_id = ? AND status = 'sending'",
                arguments: [printer, job, run])
        }
    }

    /// See ``CertificateStore/reprint(number:reason:requestedBy:at:)``.
    public func reprint(number: String, reason: String, requestedBy: String, at time: Date) async throws -> PrintRun? {
        try await pool.write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT township_code, village_code, reprints FROM certificates WHERE number = ?",
                    arguments: [number])
            else { return nil }
            let count = (row[2] as Int) + 1
            try db.execute(sql: "UPDATE certificates SET reprints = ? WHERE number = ?", arguments: [count, number])
            let run = try CertificateWriter.createRun(kind: .reprint, township: row[0], village: row[1], now: time, in: db)
            try db.execute(
                sql: "INSERT INTO print_pages (run_id, page, certificate_number, reprint) VALUES (?, 1, ?, ?)",
                arguments: [run, number, count])
            try db.execute(sql: "UPDATE print_runs SET pages = 1 WHERE run_id = ?", arguments: [run])
            try db.execute(
                sql: """
                    INSERT INTO certificate_reprints (certificate_number, reprint, reason, requested_by, requested_at, run_id)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [number, count, reason, requestedBy, Int64(time.timeIntervalSince1970 * 1000), run])
            return try CertificateQueries.run(run, in: db)
        }
    }

    /// The page of certificate `number` as first issued (no reprint mark), or `nil` when there is no such number.
    public func issuedPage(number: String) async throws -> CertificatePage? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: CertificateQueries.issuedPage, arguments: [number]).map(CertificateQueries.page)
        }
    }

    /// See ``CertificateStore/certificateStatus()``.
    public func certificateStatus() async throws -> [CertificateTownshipStatus] {
        try await pool.read { db in
            let counts = try Row.fetchAll(db, sql: CertificateQueries.statusByTownship).map {
                row -> (township: String, queued: Int, printed: Int, sent: Int) in (row[0], row[1], row[2], row[3])
            }
            let reprints = try Row.fetchAll(db, sql: CertificateQueries.reprintsByTownship).map {
                row -> (township: String, count: Int) in (row[0], row[1])
            }
            return CertificateTownshipStatus.assemble(counts: counts, reprints: reprints)
        }
    }
}

/// Reads of the certificate tables.
enum CertificateQueries {
    static func run(_ id: Int, in db: Database) throws -> PrintRun {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT kind, township_code, village_code, file, status FROM print_runs WHERE run_id = ?",
                arguments: [id])
        else { throw OutboxCodec.Corrupt() }
        let pages = try Row.fetchAll(db.cachedStatement(sql: pagesOfRun), arguments: [id]).map(page)
        return PrintRun(
            id: id, kind: row[0], townshipCode: row[1], villageCode: row[2], file: row[3], status: row[4], pages: pages)
    }

    static func page(_ row: Row) throws -> CertificatePage {
        try CertificatePage(
            number: row["number"], residentId: row["resident_id"], name: row["name"], sex: row["sex"],
            birthDate: row["birth_date"], villageCode: row["village_code"], benefitType: row["benefit_type"],
            monthlyAmountFen: row["monthly_amount_fen"], firstPaidMonth: row["first_paid_month"],
            bankAccountMasked: row["bank_account_masked"], eligibleOn: row["eligible_on"],
            eligibilityEvent: row["eligibility_event"], issuedOn: row["issued_on"], reprint: row["reprint"])
    }

    private static let pagesOfRun = """
        SELECT p.page, p.reprint, c.* FROM print_pages p JOIN certificates c ON c.number = p.certificate_number
        WHERE p.run_id = ? ORDER BY p.page
        """

    static let issuedPage = """
        SELECT p.page, p.reprint, c.* FROM print_pages p JOIN certificates c ON c.number = p.certificate_number
        WHERE c.number = ? AND p.reprint = 0
        """

    static let statusByTownship = """
        SELECT c.township_code, SUM(r.status = 'assigned'), SUM(r.status <> 'assigned'), SUM(r.status = 'sent')
        FROM certificates c
        JOIN print_pages p ON p.certificate_number = c.number AND p.reprint = 0
        JOIN print_runs r ON r.run_id = p.run_id
        GROUP BY c.township_code
        """

    static let reprintsByTownship = """
        SELECT c.township_code, COUNT(*) FROM certificate_reprints x JOIN certificates c ON c.number = x.certificate_number
        GROUP BY c.township_code
        """
}
