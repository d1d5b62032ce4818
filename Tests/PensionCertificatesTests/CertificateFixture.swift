import Foundation
import GRDB
import PensionDomain
import PensionPostgres
import PensionStore
import PensionTestSupport
import PensionWorkers
import Testing

@testable import PensionCertificates

/// A temporary directory with a spool and a store (a SQLite file in the directory, or a new PostgreSQL schema), the
/// repository's topic catalog, and sample jobs.
final class CertificateFixture: @unchecked Sendable {
    let directory: URL
    let spoolDirectory: URL
    let location: StoreLocation
    let store: any DriveStore
    let topics: TopicCatalog
    let townshipNames: [String: String]

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    init(_ backend: StoreBackend) async throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("PensionCertificatesTests-\(UUID().uuidString)", isDirectory: true)
        spoolDirectory = directory.appendingPathComponent("spool", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        location = switch backend {
        case .sqlite: .sqlite(path: directory.appendingPathComponent("pension.sqlite").path)
        case .postgres: try TestStores.location(.postgres, label: "certificates")
        }
        store = try await TestStores.open(location)
        let config = Self.repository.appendingPathComponent("config")
        topics = try TopicCatalog.load(from: config.appendingPathComponent("topics.json"))
        let townships = try TownshipCatalog.load(from: config.appendingPathComponent("townships.json"))
        townshipNames = Dictionary(uniqueKeysWithValues: townships.townships.map { ($0.code, $0.name) })
    }

    deinit {
        if let sqlite = store as? SQLiteStore {
            try? sqlite.close()
        } else {
            let store = store
            Task { try? await store.close() }
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Another store on the same tables, as a worker in another process would open it.
    func reopen() async throws -> any DriveStore {
        try await TestStores.open(location)
    }

    /// The integer in the first column of the first row `sql` reads from the store's tables, -1 without rows.
    func integer(_ sql: String) async throws -> Int {
        switch location {
        case .sqlite(let path):
            let queue = try DatabaseQueue(path: path)
            defer { try? queue.close() }
            return try await queue.read { try Int.fetchOne($0, sql: sql) ?? -1 }
        case .postgres:
            return try await (store as! PostgresStore).integer(sql: sql) ?? -1
        }
    }

    /// Whether the store refuses `sql` for a constraint (UNIQUE, primary key, foreign key, CHECK).
    func refusesForConstraint(_ sql: String) async throws -> Bool {
        switch location {
        case .sqlite(let path):
            let queue = try DatabaseQueue(path: path)
            defer { try? queue.close() }
            do {
                try await queue.write { try $0.execute(sql: sql) }
                return false
            } catch let error as DatabaseError {
                return error.resultCode == .SQLITE_CONSTRAINT
            }
        case .postgres:
            do {
                try await (store as! PostgresStore).execute(sql: sql)
                return false
            } catch let error as PostgresStoreError {
                return error.sqlState?.hasPrefix("23") == true
            }
        }
    }

    var renderer: CertificateRenderer {
        CertificateRenderer(issuingOffice: "中江县社会保险事业管理局", townshipNames: townshipNames)
    }

    func spool(printer: CUPSPrinter? = nil, directory: URL? = nil) -> CertificateSpool {
        CertificateSpool(directory: directory ?? spoolDirectory, renderer: renderer, printer: printer)
    }

    func handler(spool: CertificateSpool? = nil) throws -> CertificateHandler {
        try CertificateHandler(topics: topics, store: store, spool: spool ?? self.spool())
    }

    /// A valid resident ID born in 1940; `person` 0...999.
    static func residentID(_ person: Int) -> String {
        let digits = String(person)
        let first17 = "51062319400101" + String(repeating: "0", count: 3 - digits.count) + digits
        return first17 + String(ResidentID.checkCharacter(forFirst17: first17)!)
    }

    static let surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"]
    static let givenNames = ["秀英", "桂兰", "建国", "淑珍", "德明", "玉兰", "国华", "志强"]

    static func name(_ person: Int) -> String {
        surnames[person % surnames.count] + givenNames[(person / surnames.count) % givenNames.count]
    }

    /// A print job envelope for `person` in `village` (12 digits; the township is its first 9).
    static func job(_ person: Int, village: String = "510623100201", event: UUID = UUID()) -> EventEnvelope<CertificatePrintRequested> {
        EventEnvelope(
            eventId: event, occurredAt: Date(timeIntervalSince1970: 1_322_697_600),  // 2011-12-01 08:00 CST
            townshipCode: String(village.prefix(9)),
            payload: CertificatePrintRequested(
                residentId: residentID(person), name: name(person), sex: person % 2 == 0 ? .female : .male,
                birthDate: CivilDate(year: 1940, month: 1, day: 1)!, villageCode: village, monthlyAmountFen: 5_500,
                firstPaidMonth: "2011-12", bankAccountMasked: person % 3 == 0 ? nil : "6217********\(1000 + person)",
                eligibleOn: CivilDate(year: 2011, month: 11, day: 20)!, eligibilityEventId: UUID()))
    }

    /// Decides jobs as the runtime does (placing follow-ups in partition 0) and builds the batch.
    func batch(_ handler: CertificateHandler, _ jobs: [EventEnvelope<CertificatePrintRequested>]) throws
        -> StageBatch<CertificateRecord>
    {
        var events: [StageEvent<CertificateRecord>] = []
        for (offset, job) in jobs.enumerated() {
            let position = SourcePosition(topic: handler.inputTopic, partition: 0, offset: Int64(offset))
            let decision = try handler.decide(job, at: position, context: ())
            let plan = try PartitionPlan.load(
                from: Self.repository.appendingPathComponent("config/partition-plan.json"),
                townships: try TownshipCatalog.load(from: Self.repository.appendingPathComponent("config/townships.json")))
            events.append(StageEvent(record: decision.record, outbox: try decision.followUps.map { try $0.placed(by: plan) }))
        }
        return StageBatch(events: events)
    }

    func pdf(_ relative: String) -> String { spoolDirectory.appendingPathComponent(relative).path }
}

/// Runs a command-line tool (poppler's, CUPS's) and returns its standard output; a failure fails the test.
enum Tool {
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/\(executable)")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ToolFailed(description: "\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func pageCount(_ pdf: String) throws -> Int {
        let info = try run("pdfinfo", [pdf])
        let line = info.split(separator: "\n").first { $0.hasPrefix("Pages:") } ?? ""
        return Int(line.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) ?? -1
    }

    struct ToolFailed: Error, CustomStringConvertible { let description: String }
}
