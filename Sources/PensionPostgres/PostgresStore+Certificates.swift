import Foundation
import Logging
import NIOCore
import PensionDomain
import PensionStore
import PostgresNIO

extension PostgresStore {
    /// Applies one batch of print jobs; see ``CertificateStore/apply(_:finalize:)``.
    public func apply(
        _ batch: StageBatch<CertificateRecord>,
        finalize: @escaping @Sendable (CertificateRecord, CertificateAssignment, [OutboxMessage]) throws
            -> [OutboxMessage]
    ) async throws -> [AppliedEvent<CertificateOutcome>] {
        let lockPrefix = "pension-certificates:\(location.schema ?? ""):"
        let decided = Dictionary(
            batch.events.map { ($0.record.eventId, $0.outbox) }, uniquingKeysWith: { first, _ in first })
        return try await apply(batch, stage: StoreStage.certificate) { records, connection, logger in
            try await PostgresCertificateWriter.apply(
                records, decided: decided, now: Date(), lockPrefix: lockPrefix, finalize: finalize, on: connection,
                logger)
        }
    }

    /// Runs not yet durable (or not yet sent); see ``CertificateStore/pendingRuns(includingRendered:staleClaimsBefore:)``.
    public func pendingRuns(includingRendered: Bool, staleClaimsBefore: Date) async throws -> [PrintRun] {
        let logger = logger
        let stale = includingRendered ? Self.milliseconds(staleClaimsBefore) : nil
        return try await transaction("reading pending print runs") { connection in
            try await PostgresCertificateWriter.runs(
                """
                SELECT run_id, kind, township_code, village_code, file, status FROM print_runs
                WHERE status = 'assigned' OR (\(stale)::bigint IS NOT NULL
                    AND (status = 'rendered' OR (status = 'sending' AND claimed_at < \(stale))))
                ORDER BY run_id
                """, on: connection, logger)
        }
    }

    /// See ``CertificateStore/claimForSending(run:printer:at:staleClaimsBefore:)``.
    public func claimForSending(run: Int, printer: String, at time: Date, staleClaimsBefore: Date) async throws -> Bool {
        let logger = logger
        return try await connection("claiming a print run") { connection in
            try await !connection.run(
                """
                UPDATE print_runs SET status = 'sending', printer = \(printer), claimed_at = \(Self.milliseconds(time))
                WHERE run_id = \(Int64(run))
                    AND (status = 'rendered' OR (status = 'sending' AND claimed_at < \(Self.milliseconds(staleClaimsBefore))))
                RETURNING run_id
                """, logger
            ).isEmpty
        }
    }

    /// See ``CertificateStore/markRendered(run:bytes:at:)``.
    public func markRendered(run: Int, bytes: Int, at time: Date) async throws {
        let logger = logger
        try await connection("recording a rendered print run") { connection in
            try await connection.run(
                """
                UPDATE print_runs SET status = 'rendered', bytes = \(Int64(bytes)), rendered_at = \(Self.milliseconds(time))
                WHERE run_id = \(Int64(run)) AND status = 'assigned'
                """, logger)
        }
    }

    /// See ``CertificateStore/markSent(run:printer:job:)``.
    public func markSent(run: Int, printer: String, job: String) async throws {
        let logger = logger
        try await connection("recording a sent print run") { connection in
            try await connection.run(
                """
                UPDATE print_runs SET status = 'sent', printer = \(printer), cups_job = \(job)
                WHERE run_id = \(Int64(run)) AND status = 'sending'
                """, logger)
        }
    }

    /// See ``CertificateStore/reprint(number:reason:requestedBy:at:)``. The count is raised by one statement, which
    /// holds the certificate's row until the commit, so concurrent reprints of one certificate take turns.
    public func reprint(number: String, reason: String, requestedBy: String, at time: Date) async throws -> PrintRun? {
        let logger = logger
        return try await transaction("reprinting a certificate") { connection in
            guard
                let row = try await connection.run(
                    """
                    UPDATE certificates SET reprints = reprints + 1 WHERE number = \(number)
                    RETURNING township_code, village_code, reprints
                    """, logger
                ).first
            else { return nil }
            let (township, village, count) = try row.decode((String, String, Int64).self)
            let run = try await PostgresCertificateWriter.createRuns(
                kind: .reprint, [(township: township, village: village, pages: 1)], now: time, on: connection, logger)[0]
            try await connection.run(
                """
                INSERT INTO print_pages (run_id, page, certificate_number, reprint) VALUES (\(run), 1, \(number), \(count))
                """, logger)
            try await connection.run(
                """
                INSERT INTO certificate_reprints (certificate_number, reprint, reason, requested_by, requested_at, run_id)
                VALUES (\(number), \(count), \(reason), \(requestedBy), \(Self.milliseconds(time)), \(run))
                """, logger)
            return try await PostgresCertificateWriter.runs(
                """
                SELECT run_id, kind, township_code, village_code, file, status FROM print_runs WHERE run_id = \(run)
                """, on: connection, logger
            ).first
        }
    }

    /// The page of certificate `number` as first issued (no reprint mark), or `nil` when there is no such number.
    public func issuedPage(number: String) async throws -> CertificatePage? {
        let logger = logger
        return try await connection("reading a certificate") { connection in
            try await connection.run(
                """
                SELECT \(unescaped: PostgresCertificateWriter.pageColumns)
                FROM print_pages p JOIN certificates c ON c.number = p.certificate_number
                WHERE c.number = \(number) AND p.reprint = 0
                """, logger
            ).first.map {
                try PostgresCertificateWriter.page($0.makeRandomAccess())
            }
        }
    }

    /// See ``CertificateStore/certificateStatus()``.
    public func certificateStatus() async throws -> [CertificateTownshipStatus] {
        let logger = logger
        return try await transaction("reading the certificate status") { connection in
            let counts = try await connection.run(
                """
                SELECT c.township_code, COUNT(*) FILTER (WHERE r.status = 'assigned'),
                    COUNT(*) FILTER (WHERE r.status <> 'assigned'), COUNT(*) FILTER (WHERE r.status = 'sent')
                FROM certificates c
                JOIN print_pages p ON p.certificate_number = c.number AND p.reprint = 0
                JOIN print_runs r ON r.run_id = p.run_id
                GROUP BY c.township_code
                """, logger
            ).map { row -> (township: String, queued: Int, printed: Int, sent: Int) in
                try row.decode((String, Int, Int, Int).self)
            }
            let reprints = try await connection.run(
                """
                SELECT c.township_code, COUNT(*) FROM certificate_reprints x
                JOIN certificates c ON c.number = x.certificate_number
                GROUP BY c.township_code
                """, logger
            ).map { row -> (township: String, count: Int) in try row.decode((String, Int).self) }
            return CertificateTownshipStatus.assemble(counts: counts, reprints: reprints)
        }
    }
}

/// Applies print jobs inside the caller's transaction, as `CertificateWriter` does on SQLite, and reads runs back.
///
/// Per batch: the townships are locked (transaction-scoped advisory locks, in order), so of two workers with jobs
/// for one pensioner the second sees the first's certificate; the pensioners' first printings are read; each
/// township's sequence is advanced by its count of new certificates in one upsert, which holds the sequence rows
/// until the commit, so no number is handed out twice; one run per village is created with its pages, then the
/// certificates and pages are inserted and the stored outboxes replaced by the finalized follow-ups. A pensioner's
/// second certificate is refused by the UNIQUE constraint in any case.
enum PostgresCertificateWriter {
    static func apply(
        _ records: [CertificateRecord], decided: [UUID: [OutboxMessage]], now: Date, lockPrefix: String,
        finalize: (CertificateRecord, CertificateAssignment, [OutboxMessage]) throws -> [OutboxMessage],
        on connection: PostgresConnection, _ logger: Logger
    ) async throws -> [CertificateOutcome] {
        guard !records.isEmpty else { return [] }
        let townships = Set(records.map(\.townshipCode)).sorted()
        for township in townships {
            try await connection.run("SELECT pg_advisory_xact_lock(hashtextextended(\(lockPrefix + township), 0))", logger)
        }
        let residents = records.map(\.job.residentId)
        var assigned: [String: CertificateAssignment] = [:]
        for row in try await connection.run(
            """
            SELECT c.resident_id, c.number, p.run_id, r.file, p.page FROM certificates c
            JOIN print_pages p ON p.certificate_number = c.number AND p.reprint = 0
            JOIN print_runs r ON r.run_id = p.run_id
            WHERE c.resident_id = ANY(\(residents)::text[])
            """, logger)
        {
            let (resident, number, run, file, page) = try row.decode((String, String, Int, String, Int).self)
            assigned[resident] = CertificateAssignment(number: number, run: run, file: file, page: page, isNew: false)
        }

        // The new certificates, in order: each with its township's place and its village's page.
        var fresh: [Int] = []
        var perTownship: [String: Int] = [:]
        var villages: [(township: String, village: String)] = []
        var pagesPerVillage: [String: Int] = [:]
        var planned: Set<String> = []
        var places: [(sequence: Int, page: Int)] = []
        for index in records.indices {
            let record = records[index]
            guard assigned[record.job.residentId] == nil, planned.insert(record.job.residentId).inserted else { continue }
            fresh.append(index)
            perTownship[record.townshipCode, default: 0] += 1
            let village = record.job.villageCode
            if pagesPerVillage[village] == nil { villages.append((record.townshipCode, village)) }
            pagesPerVillage[village, default: 0] += 1
            places.append((perTownship[record.townshipCode]!, pagesPerVillage[village]!))
        }

        var numbers: [Int: (number: String, sequence: Int)] = [:]
        if !fresh.isEmpty {
            let counted = perTownship.keys.sorted()
            var last: [String: Int] = [:]
            for row in try await connection.run(
                """
                INSERT INTO certificate_sequences AS s (township_code, last_sequence)
                SELECT t, n FROM unnest(\(counted)::text[], \(counted.map { Int64(perTownship[$0]!) })::bigint[])
                    AS x (t, n)
                ORDER BY t COLLATE "C"
                ON CONFLICT (township_code) DO UPDATE SET last_sequence = s.last_sequence + excluded.last_sequence
                RETURNING township_code, last_sequence
                """, logger)
            {
                let (township, sequence) = try row.decode((String, Int).self)
                last[township] = sequence
            }
            let runIds = try await createRuns(
                kind: .issue,
                villages.map { (township: $0.township, village: $0.village, pages: pagesPerVillage[$0.village]!) },
                now: now, on: connection, logger)
            let runOf = Dictionary(uniqueKeysWithValues: zip(villages.map(\.village), runIds))
            for (index, place) in zip(fresh, places) {
                let record = records[index]
                let township = record.townshipCode
                guard let top = last[township] else { throw OutboxCodec.Corrupt() }
                let sequence = top - perTownship[township]! + place.sequence
                let number = CertificateAssignment.number(township: township, sequence: sequence)
                let run = runOf[record.job.villageCode]!
                numbers[index] = (number, sequence)
                assigned[record.job.residentId] = CertificateAssignment(
                    number: number, run: run, file: PrintRun.file(run: run, villageCode: record.job.villageCode),
                    page: place.page, isNew: true)
            }
            try await insertCertificates(fresh.map { (records[$0], numbers[$0]!) }, on: connection, logger)
            try await connection.run(
                """
                INSERT INTO print_pages (run_id, page, certificate_number, reprint)
                SELECT *, 0 FROM unnest(
                    \(fresh.map { Int64(assigned[records[$0].job.residentId]!.run) })::bigint[],
                    \(places.map { Int64($0.page) })::bigint[], \(fresh.map { numbers[$0]!.number })::text[])
                """, logger)
        }

        var outcomes: [CertificateOutcome] = []
        var applied: [AppliedEventRow] = []
        var tally = EventTally(
            stage: StoreStage.certificate, outcomes: [CertificatePrinted.printed, CertificatePrinted.alreadyIssued])
        for index in records.indices {
            let record = records[index]
            var assignment = assigned[record.job.residentId]!
            assignment.isNew = numbers[index] != nil
            let outbox = try finalize(record, assignment, decided[record.eventId] ?? [])
            let outcome = assignment.isNew ? CertificatePrinted.printed : CertificatePrinted.alreadyIssued
            applied.append(
                AppliedEventRow(
                    eventId: record.eventId, stage: StoreStage.certificate, source: record.source, outcome: outcome,
                    townshipCode: record.townshipCode))
            tally.add(townshipCode: record.townshipCode, outcome: assignment.isNew ? 0 : 1)
            outcomes.append(CertificateOutcome(assignment: assignment, followUps: outbox))
        }
        try await connection.run(
            """
            UPDATE event_gate g SET outbox = x.outbox
            FROM unnest(\(records.map(\.eventId))::uuid[],
                \(outcomes.map { ByteBuffer(bytes: OutboxCodec.encode($0.followUps)) })::bytea[]) AS x (id, outbox)
            WHERE g.stage = \(StoreStage.certificate) AND g.event_id = x.id
            """, logger)
        try await PostgresBatchTables.recordApplied(applied, on: connection, logger)
        try await PostgresBatchTables.write(tally, on: connection, logger)
        return outcomes
    }

    /// Creates runs (status `assigned`) with their page counts; returns their IDs, in order.
    static func createRuns(
        kind: PrintRun.Kind, _ runs: [(township: String, village: String, pages: Int)], now: Date,
        on connection: PostgresConnection, _ logger: Logger
    ) async throws -> [Int] {
        // The file name holds the run ID, so the IDs are drawn from the identity's sequence first.
        let ids = try await connection.run(
            """
            SELECT nextval(pg_get_serial_sequence('print_runs', 'run_id')) FROM generate_series(1, \(Int64(runs.count)))
            """, logger
        ).map { try $0.decode(Int.self) }.sorted()
        guard ids.count == runs.count else { throw OutboxCodec.Corrupt() }
        try await connection.run(
            """
            INSERT INTO print_runs (run_id, kind, township_code, village_code, file, status, pages, created_at)
            SELECT id, \(kind.rawValue), township, village, file, 'assigned', pages, \(PostgresStore.milliseconds(now))
            FROM unnest(\(ids.map(Int64.init))::bigint[], \(runs.map(\.township))::text[], \(runs.map(\.village))::text[],
                \(zip(ids, runs).map { PrintRun.file(run: $0, villageCode: $1.village) })::text[],
                \(runs.map { Int64($0.pages) })::bigint[]) AS r (id, township, village, file, pages)
            """, logger)
        return ids
    }

    private static func insertCertificates(
        _ certificates: [(record: CertificateRecord, number: (number: String, sequence: Int))],
        on connection: PostgresConnection, _ logger: Logger
    ) async throws {
        let jobs = certificates.map(\.record.job)
        try await connection.run(
            """
            INSERT INTO certificates (number, township_code, sequence, resident_id, name, sex, birth_date,
                village_code, benefit_type, monthly_amount_fen, first_paid_month, bank_account_masked, eligible_on,
                eligibility_event, request_event, issued_on)
            SELECT number, township, sequence, resident, name, sex, birth_date, village, benefit, amount, first_month,
                CASE WHEN has_account THEN account END, eligible_on, eligibility_event, request_event, issued_on
            FROM unnest(\(certificates.map(\.number.number))::text[], \(certificates.map(\.record.townshipCode))::text[],
                \(certificates.map { Int64($0.number.sequence) })::bigint[], \(jobs.map(\.residentId))::text[],
                \(jobs.map(\.name))::text[], \(jobs.map(\.sex.rawValue))::text[],
                \(jobs.map(\.birthDate.description))::text[], \(jobs.map(\.villageCode))::text[],
                \(jobs.map(\.benefitType))::text[], \(jobs.map { Int64($0.monthlyAmountFen) })::bigint[],
                \(jobs.map(\.firstPaidMonth))::text[], \(jobs.map { $0.bankAccountMasked != nil })::boolean[],
                \(jobs.map { $0.bankAccountMasked ?? "" })::text[], \(jobs.map(\.eligibleOn.description))::text[],
                \(jobs.map(\.eligibilityEventId.uuidString))::text[],
                \(certificates.map(\.record.eventId.uuidString))::text[],
                \(certificates.map(\.record.issuedOn.description))::text[])
                AS c (number, township, sequence, resident, name, sex, birth_date, village, benefit, amount,
                    first_month, has_account, account, eligible_on, eligibility_event, request_event, issued_on)
            """, logger)
    }

    /// The columns ``page(_:)`` reads: the page's reprint, then the certificate's.
    static let pageColumns = """
        p.reprint, c.number, c.resident_id, c.name, c.sex, c.birth_date, c.village_code, c.benefit_type,
        c.monthly_amount_fen, c.first_paid_month, c.bank_account_masked, c.eligible_on, c.eligibility_event, c.issued_on
        """

    static func page(_ cells: PostgresRandomAccessRow, from first: Int = 0) throws -> CertificatePage {
        func text(_ index: Int) throws -> String { try cells[first + index].decode(String.self) }
        return try CertificatePage(
            number: text(1), residentId: text(2), name: text(3), sex: text(4), birthDate: text(5),
            villageCode: text(6), benefitType: text(7), monthlyAmountFen: cells[first + 8].decode(Int.self),
            firstPaidMonth: text(9), bankAccountMasked: cells[first + 10].decode(String?.self), eligibleOn: text(11),
            eligibilityEvent: text(12), issuedOn: text(13), reprint: cells[first].decode(Int.self))
    }

    /// The runs `query` selects (run_id, kind, township_code, village_code, file, status), with their pages.
    static func runs(_ query: PostgresQuery, on connection: PostgresConnection, _ logger: Logger) async throws
        -> [PrintRun]
    {
        var runs = try await connection.run(query, logger).map { row in
            let (id, kind, township, village, file, status) = try row.decode(
                (Int, String, String, String, String, String).self)
            return PrintRun(
                id: id, kind: kind, townshipCode: township, villageCode: village, file: file, status: status, pages: [])
        }
        guard !runs.isEmpty else { return [] }
        var pages: [Int: [CertificatePage]] = [:]
        for row in try await connection.run(
            """
            SELECT p.run_id, \(unescaped: pageColumns)
            FROM print_pages p JOIN certificates c ON c.number = p.certificate_number
            WHERE p.run_id = ANY(\(runs.map { Int64($0.id) })::bigint[]) ORDER BY p.run_id, p.page
            """, logger)
        {
            let cells = row.makeRandomAccess()
            pages[try cells[0].decode(Int.self), default: []].append(try page(cells, from: 1))
        }
        for index in runs.indices { runs[index].pages = pages[runs[index].id] ?? [] }
        return runs
    }
}
