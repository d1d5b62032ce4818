import Foundation
import Kafka
import PensionCertificates
import PensionDomain
import PensionStore
import PensionWorkers
import ServiceLifecycle

extension DemoCommand {
    /// Prints the certificates of the run's pensioners: every verified enrollee aged 60 or over on the drive's start
    /// date gets a `certificate.print.requested` job (the demo stands in for the eligibility stage, which another
    /// branch adds: 55 yuan a month from 2011-12), the certificate worker prints them into `spoolDirectory`, and the
    /// per-township certificate table and the PDFs' location are printed.
    func printCertificates(_ database: SQLiteStore, context: AppContext, run: String, spoolDirectory: String) async throws {
        let pensioners = try await database.verifiedEnrollees(bornOnOrBefore: CivilDate(year: 1951, month: 11, day: 18)!)
        print("")
        print("certificates: \(pensioners.count) verified enrollees are 60 or over on 2011-11-18; printing their collection certificates")
        guard !pensioners.isEmpty else { return }
        try? FileManager.default.removeItem(atPath: spoolDirectory)
        var spool = context.certificateSpool()
        spool.directory = URL(fileURLWithPath: spoolDirectory)
        let handler = try CertificateHandler(topics: context.topics, store: database, spool: spool)
        let worker = try context.worker(handler, scope: .group, group: "pension-demo-\(run)-certificate")
        let topic = try require(context.topics.topic(forEvent: CertificatePrintRequested.eventType), "a topic for certificate.print.requested").name
        let issued = Date(timeIntervalSince1970: 1_322_697_600)  // 2011-12-01 08:00 China Standard Time
        let messages = try pensioners.map { pensioner in
            let job = EventEnvelope(
                eventId: UUID(), occurredAt: issued, townshipCode: pensioner.townshipCode,
                payload: CertificatePrintRequested(
                    residentId: pensioner.residentId, name: pensioner.name, sex: pensioner.sex,
                    birthDate: pensioner.birthDate, villageCode: pensioner.villageCode, monthlyAmountFen: 5_500,
                    firstPaidMonth: "2011-12", bankAccountMasked: pensioner.bankAccount.map(Self.maskAccount),
                    eligibleOn: CivilDate(year: 2011, month: 11, day: 18)!, eligibilityEventId: UUID()))
            return try job.kafkaMessage(topic: topic, plan: context.plan, key: MessageKey.resident(pensioner.residentId))
        }
        let services = ServiceGroup(configuration: .init(services: [.init(service: worker)], logger: context.logger))
        let clock = ContinuousClock()
        let started = clock.now
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await services.run() }
            let publisher = try Publisher(context: context)
            let delivered = try await publisher.send(messages)
            try await publisher.shutdown()
            let deadline = ContinuousClock.now + .seconds(timeout)
            while try await database.processedCount(stage: StoreStage.certificate) < delivered {
                guard ContinuousClock.now < deadline else { throw CLIError("timed out after \(timeout) s printing certificates") }
                try await Task.sleep(for: .milliseconds(500))
            }
            await services.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let elapsed = clock.now - started
        print("township   name    queued  printed  reprinted")
        for row in try await database.certificateStatus() {
            let name = context.townships[code: row.townshipCode]?.name ?? ""
            print("\(row.townshipCode)  \(name)  \(String(row.queued).leftPad(6))  \(String(row.printed).leftPad(7))  \(String(row.reprinted).leftPad(9))")
        }
        let files = FileManager.default.enumerator(atPath: spoolDirectory)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".pdf") } ?? []
        print("printed \(pensioners.count) certificates in \(elapsed.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1)))) "
            + "into \(files.count) PDFs (one per village and batch) under \(spool.directory.path)/<township>/<village>/run-NNNNNN.pdf")
        if let first = files.sorted().first { print("for example: \(spool.directory.appendingPathComponent(first).path)") }
    }

    /// `6217000012341234` → `6217********1234`.
    static func maskAccount(_ account: String) -> String {
        let characters = Array(account)
        guard characters.count > 8 else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(4)) + String(repeating: "*", count: characters.count - 8) + String(characters.suffix(4))
    }
}
