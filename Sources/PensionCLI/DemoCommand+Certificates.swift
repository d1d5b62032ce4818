import Foundation
import PensionCertificates
import PensionStore
import PensionWorkers

extension DemoCommand {
    /// The certificate worker of the run: it prints the `certificate.print.requested` jobs the eligibility stage
    /// publishes, one per newly eligible pensioner, into `spoolDirectory` (replaced).
    func certificateWorker(
        _ database: SQLiteStore, context: AppContext, run: String, spoolDirectory: String
    ) throws -> StageWorker<CertificateHandler> {
        try? FileManager.default.removeItem(atPath: spoolDirectory)
        var spool = context.certificateSpool()
        spool.directory = URL(fileURLWithPath: spoolDirectory)
        let handler = try CertificateHandler(topics: context.topics, store: database, spool: spool)
        return try context.worker(handler, scope: .group, group: "pension-demo-\(run)-certificate")
    }

    /// Waits until the certificate stage has processed a job for every eligible pensioner (counted in the store).
    func waitForCertificates(_ database: SQLiteStore) async throws {
        let expected = try await database.eligibilitySummaries().reduce(0) { $0 + $1.eligible }
        let deadline = ContinuousClock.now + .seconds(timeout)
        while true {
            let processed = try await database.processedCount(stage: StoreStage.certificate)
            print("processed: certificate \(processed)/\(expected)")
            if processed >= expected { return }
            guard ContinuousClock.now < deadline else { throw CLIError("timed out waiting for the certificate stage") }
            try await Task.sleep(for: .seconds(1))
        }
    }

    /// The per-township certificate table and where the PDFs are.
    func printCertificates(_ database: SQLiteStore, context: AppContext, spoolDirectory: String) async throws {
        print("")
        print("certificates (基础养老金领取证), one per eligible pensioner")
        print("township   name    queued  printed  reprinted")
        var total = 0
        for row in try await database.certificateStatus() {
            let name = context.townships[code: row.townshipCode]?.name ?? ""
            print("\(row.townshipCode)  \(name)  \(String(row.queued).leftPad(6))  \(String(row.printed).leftPad(7))  \(String(row.reprinted).leftPad(9))")
            total += row.printed
        }
        let files = FileManager.default.enumerator(atPath: spoolDirectory)?.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".pdf") }.sorted() ?? []
        print("printed \(total) certificates into \(files.count) PDFs (one per village and batch) under "
            + "\(spoolDirectory)/<township>/<village>/run-NNNNNN.pdf")
        if let first = files.first { print("for example: \(spoolDirectory)/\(first)") }
    }
}
