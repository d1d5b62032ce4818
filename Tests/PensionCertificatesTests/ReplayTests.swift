import Foundation
import PensionDomain
import PensionStore
import PensionTestSupport
import Testing

@testable import PensionCertificates

/// Redelivery, replay and a crash between assignment and rendering: no number twice, no page twice.
@Suite("Certificate replays and recovery", .serialized)
struct ReplayTests {
    func count(_ fixture: CertificateFixture, _ sql: String) async throws -> Int {
        try await fixture.integer(sql)
    }

    @Test(
        "the same batch again: stored follow-ups re-sent, no second number, no second page",
        arguments: StoreBackend.allCases)
    func redelivery(_ backend: StoreBackend) async throws {
        let fixture = try await CertificateFixture(backend)
        let handler = try fixture.handler()
        let jobs = (0..<5).map { CertificateFixture.job($0) }
        let batch = try fixture.batch(handler, jobs)
        let first = try await handler.apply(batch)
        let again = try await handler.apply(batch)
        for (before, after) in zip(first, again) {
            guard case .applied(let outcome) = before else { Issue.record("first apply not applied"); continue }
            #expect(after == .alreadyApplied(outbox: outcome.followUps), "the stored follow-up with its number")
        }
        #expect(try await count(fixture, "SELECT COUNT(*) FROM certificates") == 5)
        #expect(try await count(fixture, "SELECT COUNT(*) FROM print_pages") == 5)
        #expect(try await count(fixture, "SELECT COUNT(*) FROM print_runs") == 1)
        guard case .applied(let outcome) = first[0] else { return }
        #expect(try Tool.pageCount(fixture.pdf(outcome.assignment.file)) == 5)
    }

    @Test(
        "an event twice in one batch: the repeat answers with the follow-up stored for the first, with its number",
        arguments: StoreBackend.allCases)
    func repeatedInOneBatch(_ backend: StoreBackend) async throws {
        let fixture = try await CertificateFixture(backend)
        let handler = try fixture.handler()
        let job = CertificateFixture.job(1)
        let results = try await handler.apply(try fixture.batch(handler, [job, CertificateFixture.job(2), job]))
        guard case .applied(let first) = results[0] else { Issue.record("first not applied"); return }
        #expect(results[2] == .alreadyApplied(outbox: first.followUps))
        let printed = try WireDecoder.decode(CertificatePrinted.self, from: try #require(first.followUps.first).value)
        #expect(printed.payload.certificateNumber == "510623100-000001")
        #expect(try await count(fixture, "SELECT COUNT(*) FROM certificates") == 2)
    }

    @Test(
        "a new job for a pensioner who has a certificate: the same number, already_issued, no new page",
        arguments: StoreBackend.allCases)
    func secondJobSamePensioner(_ backend: StoreBackend) async throws {
        let fixture = try await CertificateFixture(backend)
        let handler = try fixture.handler()
        let first = try await handler.apply(try fixture.batch(handler, [CertificateFixture.job(1), CertificateFixture.job(2)]))
        // A replayed topic read by a fresh eligibility stage could send a new event ID for the same resident, also
        // twice in one batch.
        let second = try await handler.apply(try fixture.batch(handler, [CertificateFixture.job(2), CertificateFixture.job(2), CertificateFixture.job(3)]))
        guard case .applied(let original) = first[1], case .applied(let repeated) = second[0],
            case .applied(let repeatedTwice) = second[1], case .applied(let fresh) = second[2]
        else { Issue.record("not applied"); return }
        #expect(repeated.assignment.number == original.assignment.number)
        #expect(repeated.assignment.isNew == false)
        #expect(repeated.assignment.page == original.assignment.page)
        #expect(repeated.assignment.file == original.assignment.file)
        #expect(repeatedTwice.assignment.number == original.assignment.number)
        let printed = try WireDecoder.decode(CertificatePrinted.self, from: try #require(repeated.followUps.first).value)
        #expect(printed.payload.outcome == CertificatePrinted.alreadyIssued)
        #expect(fresh.assignment.number == "510623100-000003")
        #expect(fresh.assignment.page == 1)
        #expect(try await count(fixture, "SELECT COUNT(*) FROM print_pages") == 3)
        #expect(try Tool.pageCount(fixture.pdf(original.assignment.file)) == 2)
        #expect(try Tool.pageCount(fixture.pdf(fresh.assignment.file)) == 1)
    }

    @Test(
        "the store refuses a second number or page even past the gate (UNIQUE constraints)",
        arguments: StoreBackend.allCases)
    func constraints(_ backend: StoreBackend) async throws {
        let fixture = try await CertificateFixture(backend)
        let handler = try fixture.handler()
        _ = try await handler.apply(try fixture.batch(handler, [CertificateFixture.job(1)]))
        let page = "INSERT INTO print_pages (run_id, page, certificate_number, reprint)"
        #expect(try await fixture.refusesForConstraint(
            "\(page) SELECT run_id, 2, certificate_number, 0 FROM print_pages"), "a second first page")
        #expect(try await fixture.refusesForConstraint(
            "\(page) SELECT run_id, page, certificate_number, 1 FROM print_pages"), "a second page 1 in the run")
        /// The certificate again with a number, a sequence and a resident (SQL expressions).
        func copy(number: String, sequence: String, resident: String) -> String {
            """
            INSERT INTO certificates SELECT \(number), township_code, \(sequence), \(resident), name, sex, birth_date,
                village_code, benefit_type, monthly_amount_fen, first_paid_month, bank_account_masked, eligible_on,
                eligibility_event, request_event, issued_on, 0
            FROM certificates
            """
        }
        #expect(try await fixture.refusesForConstraint(
            copy(number: "'510623100-000002'", sequence: "2", resident: "resident_id")), "a second certificate for one pensioner")
        #expect(try await fixture.refusesForConstraint(
            copy(number: "number || 'x'", sequence: "sequence", resident: "'another'")), "a township's sequence number twice")
        #expect(try await fixture.refusesForConstraint(
            copy(number: "number", sequence: "9", resident: "'another'")), "a number twice")
        #expect(try await count(fixture, "SELECT COUNT(*) FROM certificates") == 1)
    }

    @Test(
        "a crash between the assignment and the PDF: the redelivered batch renders the run from the store",
        arguments: StoreBackend.allCases)
    func crashBeforeRendering(_ backend: StoreBackend) async throws {
        let fixture = try await CertificateFixture(backend)
        // The spool cannot be written (its directory is a file): the transaction commits, the rendering fails.
        let blocked = fixture.directory.appendingPathComponent("blocked")
        try Data("not a directory".utf8).write(to: blocked)
        let broken = try fixture.handler(spool: fixture.spool(directory: blocked))
        let batch = try fixture.batch(broken, (0..<4).map { CertificateFixture.job($0) })
        await #expect(throws: (any Error).self) { _ = try await broken.apply(batch) }
        #expect(try await fixture.store.pendingRuns(includingRendered: false).count == 1)
        #expect(try await fixture.store.certificateStatus().first?.queued == 4)

        let healthy = try fixture.handler()
        let redelivered = try await healthy.apply(batch)
        #expect(redelivered.allSatisfy { $0.storedOutbox != nil }, "already applied: no new numbers")
        #expect(try await fixture.store.pendingRuns(includingRendered: false).isEmpty)
        let printed = try WireDecoder.decode(CertificatePrinted.self, from: try #require(redelivered[2].storedOutbox?.first).value)
        #expect(printed.payload.certificateNumber == "510623100-000003")
        #expect(try Tool.pageCount(fixture.pdf(printed.payload.file)) == 4)
        #expect(try await count(fixture, "SELECT COUNT(*) FROM certificates") == 4)
        #expect(try await fixture.store.certificateStatus().first?.printed == 4)
    }

    @Test("a reprint: same number, a visible mark with the count, an audit row", arguments: StoreBackend.allCases)
    func reprint(_ backend: StoreBackend) async throws {
        let fixture = try await CertificateFixture(backend)
        let handler = try fixture.handler()
        _ = try await handler.apply(try fixture.batch(handler, [CertificateFixture.job(1), CertificateFixture.job(2)]))
        let spool = fixture.spool()
        for attempt in 1...2 {
            let run = try #require(try await fixture.store.reprint(
                number: "510623100-000002", reason: "证件遗失", requestedBy: "operator-\(attempt)", at: Date()))
            #expect(run.kind == .reprint)
            #expect(run.pages.map(\.reprint) == [attempt])
            try await spool.finishPending(in: fixture.store)
            let text = try Tool.run("pdftotext", [fixture.pdf(run.file), "-"])
            #expect(text.contains("510623100-000002"))
            #expect(text.contains("补发"))
            #expect(text.contains("第\(attempt)次"))
            #expect(text.contains(CertificateFixture.name(2)))
        }
        #expect(try await fixture.store.reprint(number: "510623100-999999", reason: "x", requestedBy: "y", at: Date()) == nil)
        #expect(try await count(fixture, "SELECT COUNT(*) FROM certificate_reprints WHERE certificate_number = '510623100-000002' AND reason = '证件遗失'") == 2)
        #expect(try await count(fixture, "SELECT reprints FROM certificates WHERE number = '510623100-000002'") == 2)
        #expect(try await count(fixture, "SELECT COUNT(*) FROM certificates") == 2)
        let status = try #require(try await fixture.store.certificateStatus().first)
        #expect(status.reprinted == 2)
        #expect(status.printed == 2)
    }

    @Test(
        "a single certificate on demand: one page as issued, no reprint counted, even after reprints",
        arguments: StoreBackend.allCases)
    func singleOnDemand(_ backend: StoreBackend) async throws {
        let fixture = try await CertificateFixture(backend)
        let handler = try fixture.handler()
        _ = try await handler.apply(try fixture.batch(handler, [CertificateFixture.job(1), CertificateFixture.job(2)]))
        _ = try await fixture.store.reprint(number: "510623100-000002", reason: "证件遗失", requestedBy: "op", at: Date())
        let page = try #require(try await fixture.store.issuedPage(number: "510623100-000002"))
        #expect(page.reprint == 0)
        let path = fixture.directory.appendingPathComponent("single.pdf").path
        _ = try await fixture.spool().renderSingle(page, toPath: path)
        #expect(try Tool.pageCount(path) == 1)
        let text = try Tool.run("pdftotext", [path, "-"])
        #expect(text.contains("510623100-000002"))
        #expect(text.contains(CertificateFixture.name(2)))
        #expect(!text.contains("补发"))
        #expect(try await fixture.store.issuedPage(number: "510623100-999999") == nil)
        #expect(try await count(fixture, "SELECT reprints FROM certificates WHERE number = '510623100-000002'") == 1)
    }
}
