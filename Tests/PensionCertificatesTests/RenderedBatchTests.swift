import Foundation
import PensionDomain
import PensionStore
import PensionTestSupport
import Testing

@testable import PensionCertificates

/// A batch through the certificate stage's handler, checked with Debian's poppler tools.
@Suite("Certificate batches rendered to PDF", .serialized)
struct RenderedBatchTests {
    @Test(
        "a batch of two villages: one PDF per village, one page per job, numbers and Chinese names in the text, CJK font embedded",
        arguments: StoreBackend.allCases)
    func batchChecksOut(_ backend: StoreBackend) async throws {
        let fixture = try await CertificateFixture(backend)
        let handler = try fixture.handler()
        let villageA = (0..<7).map { CertificateFixture.job($0, village: "510623100201") }
        let villageB = (7..<12).map { CertificateFixture.job($0, village: "510623101203") }
        let results = try await handler.apply(try fixture.batch(handler, villageA + villageB))

        let outcomes = results.compactMap { if case .applied(let outcome) = $0 { outcome } else { nil } }
        try #require(outcomes.count == 12)
        let numbers = outcomes.map(\.assignment.number)
        #expect(Set(numbers).count == 12)
        #expect(Array(numbers.prefix(7)) == (1...7).map { "510623100-00000\($0)" })
        #expect(Array(numbers.suffix(5)) == (1...5).map { "510623101-00000\($0)" })
        #expect(Set(outcomes.map(\.assignment.file)).count == 2)
        #expect(Array(outcomes.prefix(7).map(\.assignment.page)) == Array(1...7))
        #expect(Array(outcomes.suffix(5).map(\.assignment.page)) == Array(1...5))

        // The follow-up carries the assignment.
        let printed = try WireDecoder.decode(CertificatePrinted.self, from: try #require(outcomes[3].followUps.first).value)
        #expect(printed.payload.certificateNumber == numbers[3])
        #expect(printed.payload.page == 4)
        #expect(printed.payload.file == outcomes[3].assignment.file)
        #expect(printed.payload.outcome == CertificatePrinted.printed)
        #expect(printed.payload.residentId == CertificateFixture.residentID(3))

        for (jobs, range) in [(villageA, 0..<7), (villageB, 7..<12)] {
            let pdf = fixture.pdf(outcomes[range.lowerBound].assignment.file)
            #expect(try Tool.pageCount(pdf) == jobs.count)
            let text = try Tool.run("pdftotext", ["-layout", pdf, "-"])
            for index in range {
                #expect(text.contains(numbers[index]), "number \(numbers[index]) in the text")
                #expect(text.contains(CertificateFixture.name(index)), "name of person \(index) in the text")
            }
            #expect(text.contains("基础养老金领取证"))
            #expect(text.contains("中江县社会保险事业管理局"))
            #expect(text.contains("55.00"))
            // One page per job: each number appears on exactly its page.
            let pageThree = try Tool.run("pdftotext", ["-f", "3", "-l", "3", pdf, "-"])
            #expect(pageThree.contains(numbers[range.lowerBound + 2]))
            #expect(!pageThree.contains(numbers[range.lowerBound]))
            let fonts = try Tool.run("pdffonts", [pdf])
            let cjk = fonts.split(separator: "\n").filter { $0.contains("NotoSansCJK") }
            #expect(!cjk.isEmpty, "a Noto CJK font in \(fonts)")
            // pdffonts columns: name type encoding emb sub uni object-id; "yes" embedded.
            #expect(cjk.allSatisfy { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst(3).first == "yes" || $0.contains(" yes ") })
        }

        // Keep page 1 as a PNG artifact for a visual check.
        let artifacts = CertificateFixture.repository.appendingPathComponent(".build/test-artifacts")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let prefix = artifacts.appendingPathComponent("certificate-page-1").path
        _ = try Tool.run("pdftoppm", ["-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile", fixture.pdf(outcomes[0].assignment.file), prefix])
        let png = try Data(contentsOf: URL(fileURLWithPath: prefix + ".png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(png.count > 10_000, "a page with content, not a blank")

        let status = try await fixture.store.certificateStatus()
        #expect(status.map(\.townshipCode) == ["510623100", "510623101"])
        #expect(status.map(\.printed) == [7, 5])
        #expect(status.map(\.queued) == [0, 0])
    }

    @Test("rendering is deterministic: the same run renders to the same bytes", arguments: StoreBackend.allCases)
    func deterministic(_ backend: StoreBackend) async throws {
        let fixture = try await CertificateFixture(backend)
        let handler = try fixture.handler()
        _ = try await handler.apply(try fixture.batch(handler, (0..<3).map { CertificateFixture.job($0) }))
        let run = try #require(try await fixture.store.pendingRuns(includingRendered: true).first)
        let first = try Data(contentsOf: URL(fileURLWithPath: fixture.spool().path(of: run)))
        let again = fixture.directory.appendingPathComponent("again.pdf").path
        try fixture.renderer.render(run.pages, toPath: again)
        #expect(try Data(contentsOf: URL(fileURLWithPath: again)) == first)
    }

    @Test("a job that can never be printed is refused with the field named")
    func invalidJobs() async throws {
        let fixture = try await CertificateFixture(.sqlite)
        let handler = try fixture.handler()
        let position = SourcePosition(topic: handler.inputTopic, partition: 0, offset: 0)
        func field(_ job: EventEnvelope<CertificatePrintRequested>) -> String? {
            do {
                _ = try handler.decide(job, at: position, context: ())
                return nil
            } catch { return error.field }
        }
        let good = CertificateFixture.job(1)
        #expect(field(good) == nil)
        func with(_ change: (inout [String: Any]) -> Void) -> EventEnvelope<CertificatePrintRequested> {
            let p = good.payload
            var values: [String: Any] = [
                "residentId": p.residentId, "villageCode": p.villageCode, "benefitType": p.benefitType,
                "monthlyAmountFen": p.monthlyAmountFen, "firstPaidMonth": p.firstPaidMonth, "name": p.name,
            ]
            change(&values)
            return EventEnvelope(
                eventId: good.eventId, occurredAt: good.occurredAt, townshipCode: good.townshipCode,
                payload: CertificatePrintRequested(
                    residentId: values["residentId"] as! String, name: values["name"] as! String, sex: p.sex,
                    birthDate: p.birthDate, villageCode: values["villageCode"] as! String,
                    benefitType: values["benefitType"] as! String, monthlyAmountFen: values["monthlyAmountFen"] as! Int,
                    firstPaidMonth: values["firstPaidMonth"] as! String, bankAccountMasked: nil,
                    eligibleOn: p.eligibleOn, eligibilityEventId: p.eligibilityEventId))
        }
        let valid = CertificateFixture.residentID(1)
        let wrongCheck = String(valid.dropLast()) + (valid.last == "0" ? "1" : "0")
        #expect(field(with { $0["residentId"] = wrongCheck }) == "payload.residentId")
        #expect(field(with { $0["villageCode"] = "510623101201" }) == "payload.villageCode")
        #expect(field(with { $0["villageCode"] = "51062310020" }) == "payload.villageCode")
        #expect(field(with { $0["benefitType"] = "other" }) == "payload.benefitType")
        #expect(field(with { $0["monthlyAmountFen"] = 0 }) == "payload.monthlyAmountFen")
        #expect(field(with { $0["firstPaidMonth"] = "2011-13" }) == "payload.firstPaidMonth")
        #expect(field(with { $0["firstPaidMonth"] = "201112" }) == "payload.firstPaidMonth")
        #expect(field(with { $0["name"] = " " }) == "payload.name")
    }
}

/// The issue date is the job's day in China Standard Time.
@Suite struct IssueDateTests {
    @Test("a job requested at 16:30 UTC is issued on the next day in China")
    func chinaDay() {
        let lateUTC = Date(timeIntervalSince1970: 1_322_670_600)  // 2011-11-30T16:30:00Z = 2011-12-01T00:30+08:00
        #expect(CertificateHandler.chinaDate(lateUTC) == CivilDate(year: 2011, month: 12, day: 1))
        let earlyUTC = Date(timeIntervalSince1970: 1_322_667_000)  // 2011-11-30T15:30:00Z = 2011-11-30T23:30+08:00
        #expect(CertificateHandler.chinaDate(earlyUTC) == CivilDate(year: 2011, month: 11, day: 30))
        #expect(CertificateHandler.isMonth("2011-12"))
        #expect(!CertificateHandler.isMonth("2011-00"))
        #expect(!CertificateHandler.isMonth("11-12"))
    }
}
