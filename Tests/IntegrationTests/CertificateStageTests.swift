import Foundation
import GRDB
import Kafka
import PensionCertificates
import PensionDomain
import PensionStore
import ServiceLifecycle
import Testing

/// The certificate stage against the broker: a replay and a SIGKILL never assign a number twice nor print a page twice.
@Suite("Certificate stage", .serialized, .timeLimit(.minutes(6)))
struct CertificateStageTests {
    func spool(_ directory: URL) -> CertificateSpool {
        CertificateSpool(directory: directory, renderer: CertificateRenderer(issuingOffice: "中江县社会保险事业管理局", townshipNames: [:]))
    }

    /// The store holds exactly `count` certificates, one first page each, and the spool's PDFs hold exactly one page
    /// per certificate; every resident was announced with one number only.
    func expectEachPrintedOnce(_ store: SQLiteStore, path: String, spool: URL, fixture: PipelineFixture, count: Int) async throws {
        let queue = try DatabaseQueue(path: path)
        let (certificates, firstPages, numbers, renderedRuns, pagesInRuns) = try await queue.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM certificates") ?? -1,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM print_pages WHERE reprint = 0") ?? -1,
                try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT number) FROM certificates") ?? -1,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM print_runs WHERE status <> 'assigned'") ?? -1,
                try Int.fetchOne(db, sql: "SELECT SUM(pages) FROM print_runs") ?? -1
            )
        }
        try queue.close()
        #expect(certificates == count)
        #expect(numbers == count)
        #expect(firstPages == count)
        #expect(pagesInRuns == count)
        let pdfs = try CertificateJobs.spoolPages(spool)
        #expect(pdfs.count == renderedRuns, "one PDF per run")
        #expect(pdfs.values.reduce(0, +) == count, "one page per certificate across the spool: \(pdfs.values.reduce(0, +))")
        let announced = try await CertificateJobs.announcedNumbers(fixture, expected: count)
        #expect(announced.count == count, "every resident announced")
        #expect(announced.values.allSatisfy { $0.count == 1 }, "one number per resident in certificate.printed")
        #expect(Set(announced.values.flatMap { $0 }).count == count, "no number given to two residents")
    }

    @Test("a replay by a second consumer group: nothing new assigned, nothing printed again, the same events re-sent")
    func replay() async throws {
        let fixture = try await PipelineFixture()
        defer { fixture.cleanUp() }
        let count = 600
        let published = try await CertificateJobs.publish((0..<count).map(CertificateJobs.job), fixture)
        let path = fixture.storePath("certificates")
        let store = try SQLiteStore.open(path: path)
        let spoolDirectory = fixture.directory.appendingPathComponent("spool")
        let handler = try CertificateHandler(topics: fixture.topics, store: store, spool: spool(spoolDirectory))
        for group in ["first", "replay"] {
            let services = ServiceGroup(configuration: .init(
                services: [.init(service: try fixture.worker(handler, group: "\(fixture.prefix)-\(group)", batch: 100))],
                logger: TestBroker.logger))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await services.run() }
                try await TestBroker.eventually(timeout: .seconds(120), "\(group): all \(published) jobs applied") {
                    let queue = try DatabaseQueue(path: path)
                    defer { try? queue.close() }
                    let seen = try await queue.read {
                        try Int.fetchOne($0, sql: "SELECT IFNULL(SUM(count), 0) FROM event_counts WHERE stage = 'certificate'") ?? 0
                    }
                    return seen >= (group == "first" ? published : 2 * published)
                }
                await services.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
        }
        #expect(try await store.processedCount(stage: StoreStage.certificate) == published)
        try await expectEachPrintedOnce(store, path: path, spool: spoolDirectory, fixture: fixture, count: count)
        let status = try await store.certificateStatus()
        #expect(status.map(\.printed).reduce(0, +) == count)
        #expect(status.map(\.queued).reduce(0, +) == 0)
        try store.close()
    }

    @Test("SIGKILL of the worker process mid-stream, then a restart: no number twice, no page twice, nothing lost")
    func crash() async throws {
        let fixture = try await PipelineFixture()
        defer { fixture.cleanUp() }
        let count = 3_000
        let published = try await CertificateJobs.publish((0..<count).map(CertificateJobs.job), fixture)
        let path = fixture.storePath("certificates")
        let store = try SQLiteStore.open(path: path)
        let spoolDirectory = fixture.directory.appendingPathComponent("spool")
        let environment = ["CERTIFICATE_SPOOL_DIRECTORY": spoolDirectory.path]
        let first = try WorkerProcess("certificate", fixture: fixture, store: path, name: "certificate-1", batch: 20, environment: environment)
        try await TestBroker.eventually(timeout: .seconds(90), "the first worker to print some certificates") {
            try await store.processedCount(stage: StoreStage.certificate) >= 300
        }
        first.signal(SIGKILL)
        _ = try await first.waitForExit()
        let atKill = try await store.processedCount(stage: StoreStage.certificate)
        #expect(atKill < published, "the worker finished before it was killed; the test proved nothing")

        let second = try WorkerProcess("certificate", fixture: fixture, store: path, name: "certificate-2", batch: 200, environment: environment)
        try await TestBroker.eventually(timeout: .seconds(180), "all \(published) jobs applied and printed") {
            let status = try await store.certificateStatus()
            return try await store.processedCount(stage: StoreStage.certificate) >= published
                && status.map(\.printed).reduce(0, +) == count
        }
        second.signal(SIGTERM)
        #expect(try await second.waitForExit() == 0, "\(second.output.suffix(2_000))")
        try await expectEachPrintedOnce(store, path: path, spool: spoolDirectory, fixture: fixture, count: count)
        // No temporary spool file is left behind as a finished PDF (a kill mid-write leaves at most a .tmp file).
        let leftovers = (FileManager.default.enumerator(atPath: spoolDirectory.path)?.compactMap { $0 as? String } ?? [])
            .filter { $0.contains(".tmp-") }
        print("killed after \(atKill) of \(published) jobs; temporary files left by the kill: \(leftovers.count)")
        try store.close()
    }
}
