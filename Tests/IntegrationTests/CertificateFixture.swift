import Foundation
import Kafka
import PensionCertificates
import PensionDomain
import PensionStore
import Testing

/// Print jobs for the certificate stage's integration tests, and checks of what it printed.
enum CertificateJobs {
    static let villages = ["510623100201", "510623100202", "510623101203", "510623101204", "510623102205", "510623102206"]
    static let surnames = Array("王李张刘陈杨黄赵吴周")
    static let given = ["秀英", "桂兰", "建国", "淑珍", "德明", "玉兰", "国华", "志强"]

    static func residentID(_ person: Int) -> String {
        let digits = String(person % 1000)
        let first17 = "5106231944" + String(format: "%02d", person / 1000 + 1) + "01" + String(repeating: "0", count: 3 - digits.count) + digits
        return first17 + String(ResidentID.checkCharacter(forFirst17: first17)!)
    }

    static func job(_ person: Int) -> EventEnvelope<CertificatePrintRequested> {
        let village = villages[person % villages.count]
        return EventEnvelope(
            eventId: UUID(), occurredAt: Date(timeIntervalSince1970: 1_322_697_600), townshipCode: String(village.prefix(9)),
            payload: CertificatePrintRequested(
                residentId: residentID(person), name: "\(surnames[person % 10])\(given[person / 10 % given.count])",
                sex: person % 2 == 0 ? .female : .male, birthDate: CivilDate(year: 1944, month: 1, day: 1)!,
                villageCode: village, monthlyAmountFen: 5_500, firstPaidMonth: "2011-12",
                bankAccountMasked: "6217********\(String(format: "%04d", person))",
                eligibleOn: CivilDate(year: 2011, month: 11, day: 20)!, eligibilityEventId: UUID()))
    }

    /// Publishes the jobs to the fixture's print-jobs topic, each in its township's partition.
    static func publish(_ jobs: [EventEnvelope<CertificatePrintRequested>], _ fixture: PipelineFixture) async throws -> Int {
        let topic = try #require(fixture.topics.topic(forEvent: CertificatePrintRequested.eventType)).name
        let producer = try TestBroker.producer()
        let messages = try jobs.map { job in
            try job.kafkaMessage(topic: topic, plan: fixture.plan, key: MessageKey.resident(job.payload.residentId))
        }
        let reports = try await producer.send(messages)
        try await producer.shutdown()
        return reports.count
    }

    /// Every PDF in the spool (finished files only) and its page count from `pdfinfo`.
    static func spoolPages(_ spool: URL) throws -> [String: Int] {
        var pages: [String: Int] = [:]
        let files = FileManager.default.enumerator(atPath: spool.path)?.compactMap { $0 as? String } ?? []
        for file in files where file.hasSuffix(".pdf") {
            pages[file] = try pageCount(spool.appendingPathComponent(file).path)
        }
        return pages
    }

    static func pageCount(_ pdf: String) throws -> Int {
        let info = try run("pdfinfo", [pdf])
        let line = info.split(separator: "\n").first { $0.hasPrefix("Pages:") } ?? ""
        return Int(line.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) ?? -1
    }

    /// The share of dark pixels on a PDF's first page, rendered in grey at 30 dpi (`pdftoppm`).
    static func inkRatio(_ pdf: String) throws -> Double {
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("ink-\(UUID().uuidString)").path
        _ = try run("pdftoppm", ["-gray", "-r", "30", "-f", "1", "-l", "1", "-singlefile", pdf, prefix])
        defer { try? FileManager.default.removeItem(atPath: prefix + ".pgm") }
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: prefix + ".pgm")))
        // P5 header: "P5\n<width> <height>\n<max>\n", then one byte per pixel.
        var newlines = 0
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            newlines += 1
            if newlines == 3 { start = index + 1; break }
        }
        let pixels = bytes[start...]
        return Double(pixels.filter { $0 < 128 }.count) / Double(max(1, pixels.count))
    }

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
        guard process.terminationStatus == 0 else { throw CocoaError(.fileReadUnknown) }
        return String(decoding: data, as: UTF8.self)
    }

    /// The `certificate.printed` events on the fixture's topic, by resident ID: the certificate numbers announced.
    static func announcedNumbers(_ fixture: PipelineFixture, expected: Int) async throws -> [String: Set<String>] {
        let topic = try #require(fixture.topics.topic(forEvent: CertificatePrinted.eventType))
        var numbers: [String: Set<String>] = [:]
        for message in try await TestBroker.readAll(topic: topic.name, partitions: Int32(topic.partitions), expected: expected) {
            let event = try WireDecoder.decode(CertificatePrinted.self, from: message.value)
            numbers[event.payload.residentId, default: []].insert(event.payload.certificateNumber)
        }
        return numbers
    }
}
