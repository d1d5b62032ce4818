import Foundation
import GRDB
import PensionCertificates
import PensionDomain
import PensionStore
import Testing

/// Printing through a real CUPS daemon with the cups-pdf virtual printer (`scripts/printer.sh`, started by
/// `scripts/test.sh`); fails when no printer is configured.
@Suite("Certificate printing on CUPS", .serialized, .timeLimit(.minutes(2)))
struct CertificatePrinterTests {
    enum Missing: Error, CustomStringConvertible {
        case printer
        var description: String {
            "CUPS_PRINTER, CUPS_SERVER and CUPS_PDF_OUT are not set: this test needs a CUPS printer (scripts/printer.sh; scripts/test.sh starts one)"
        }
    }

    @Test("each finished run is sent to the printer, its CUPS job ID recorded, and cups-pdf prints every page")
    func printsRuns() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard let printer = environment["CUPS_PRINTER"], environment["CUPS_SERVER"] != nil,
            let out = environment["CUPS_PDF_OUT"]
        else { throw Missing.printer }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pension-cups-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore.open(path: directory.appendingPathComponent("pension.sqlite").path)
        let spool = CertificateSpool(
            directory: directory.appendingPathComponent("spool"),
            renderer: CertificateRenderer(issuingOffice: "中江县社会保险事业管理局", townshipNames: ["510623100": "凯江镇"]),
            printer: CUPSPrinter(name: printer))
        let topics = try TopicCatalog.load(from: PipelineFixture.repositoryConfig.appendingPathComponent("topics.json"))
        let handler = try CertificateHandler(topics: topics, store: store, spool: spool)
        let jobs = (0..<3).map { CertificateJobs.job($0 * CertificateJobs.villages.count) }  // all in the first village
        var events: [StageEvent<CertificateRecord>] = []
        for (offset, job) in jobs.enumerated() {
            let decision = try handler.decide(job, at: SourcePosition(topic: handler.inputTopic, partition: 0, offset: Int64(offset)), context: ())
            events.append(StageEvent(record: decision.record))
        }
        let started = Date()
        let results = try await handler.apply(StageBatch(events: events))
        guard case .applied(let outcome) = results.first else { Issue.record("not applied"); return }

        let queue = try DatabaseQueue(path: directory.appendingPathComponent("pension.sqlite").path)
        let run = try queue.read { db in
            try Row.fetchOne(db, sql: "SELECT status, printer, cups_job FROM print_runs WHERE run_id = ?", arguments: [outcome.assignment.run])
        }
        try queue.close()
        #expect(run?["status"] == "sent")
        #expect(run?["printer"] == printer)
        let job: String? = run?["cups_job"]
        #expect(job?.hasPrefix(printer + "-") == true, "a CUPS job ID: \(job ?? "none")")
        #expect(try await store.certificateStatus().first?.sent == 3)

        // cups-pdf writes the printed job as a PDF; it must hold the three pages with the numbers.
        let runName = "run-\(String(format: "%06d", outcome.assignment.run))"
        @Sendable func findPrinted() -> URL? {
            let files = (try? FileManager.default.contentsOfDirectory(
                at: URL(fileURLWithPath: out), includingPropertiesForKeys: [.contentModificationDateKey])) ?? []
            return files.first { file in
                let modified = (try? file.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast
                return file.pathExtension == "pdf" && modified >= started.addingTimeInterval(-1)
                    && file.lastPathComponent.contains(runName)
                    && (try? CertificateJobs.pageCount(file.path)) == 3
            }
        }
        try await TestBroker.eventually(timeout: .seconds(60), "cups-pdf to write the job into \(out)") { findPrinted() != nil }
        let printed = findPrinted()
        // cups-pdf re-renders the job through Ghostscript, which draws the text as outlines (the printed PDF has no
        // fonts, so pdftotext finds no text there): check that what it printed is our run, page for page, by rendering
        // the first page of both at the same resolution and comparing how much ink they carry.
        let ours = try CertificateJobs.inkRatio(spool.directory.appendingPathComponent(outcome.assignment.file).path)
        let theirs = try CertificateJobs.inkRatio(try #require(printed).path)
        #expect(ours > 0.01, "our page has content: \(ours)")
        #expect(abs(theirs - ours) < 0.3 * ours, "the printed page carries the same ink as ours: \(theirs) vs \(ours)")
        try? FileManager.default.removeItem(at: try #require(printed))
        try store.close()
    }
}
