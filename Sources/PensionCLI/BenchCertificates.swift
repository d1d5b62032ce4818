import ArgumentParser
import CCertificateBaseline
import Dispatch
import Foundation
import PensionCertificates
import PensionDomain
import PensionStore
import PensionWorkers

extension BenchCommand {
    struct Certificates: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Certificate pages/s: the stage's renderer (durable spool files) against a bare C Cairo/Pango loop drawing the same pages, same run; projected time for 85,000."
        )
        @OptionGroup var options: GlobalOptions
        @Option(help: "Pages per round.") var pages = 8_000
        @Option(help: "Print runs (PDFs, one per village) the pages are split into.") var runs = 8
        @Option(help: "Runs rendered at once (2 = both cores of this machine).") var concurrency = 2
        @Option(help: "Rounds; each renders with the bare loop, then the stage's renderer, then the whole stage apply.") var rounds = 2
        @Flag(help: "Keep the benchmark's spool directory.") var keep = false

        func run() async throws {
            let context = try await options.load("pension.bench")
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pension-bench-certificates-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { if !keep { try? FileManager.default.removeItem(at: directory) } }
            let base = context.certificateSpool()
            let spool = CertificateSpool(directory: directory.appendingPathComponent("spool"), renderer: base.renderer, concurrency: concurrency)
            let perRun = max(1, pages / runs)
            // Villages spread over the county's townships (village committees 200–399).
            let codes = context.townships.townships.map(\.code)
            let villages = (0..<runs).map { codes[$0 % codes.count] + String(format: "%03d", 200 + ($0 / codes.count) % 200) }
            let printRuns = villages.enumerated().map { index, village in
                PrintRun(id: index + 1, kind: .issue, townshipCode: String(village.prefix(9)), villageCode: village,
                         file: PrintRun.file(run: index + 1, villageCode: village), status: .assigned,
                         pages: (0..<perRun).map { Self.page(index * perRun + $0, village: village) })
            }
            let total = perRun * runs
            // The bare loop's text is formatted before its clock starts.
            let lines = printRuns.map { run in
                run.pages.flatMap { CertificatePageDrawing.lines(of: $0, townshipName: base.renderer.townshipNames[run.townshipCode] ?? "", issuingOffice: base.renderer.issuingOffice) }
            }
            print("\(total) pages per round in \(runs) PDFs of \(perRun), \(concurrency) at a time; \(ProcessInfo.processInfo.activeProcessorCount) cores")
            print("wall-clock pages/s (machine shared with other builds: noisy) and CPU ms per page of this process (robust to other load)")
            print("round  bare p/s  renderer p/s  ratio   bare CPU ms/p  renderer CPU ms/p  CPU ratio  stage apply p/s")
            var wall: [(Double, Double, Double)] = []
            var cpu: [(Double, Double)] = []
            var stageCPUs: [Double] = []
            for round in 1...rounds {
                let bareDir = directory.appendingPathComponent("bare-\(round)")
                try FileManager.default.createDirectory(at: bareDir, withIntermediateDirectories: true)
                let (bare, bareCPU) = try await timed {
                    try await Self.concurrently(Array(lines.indices), limit: concurrency) { index in
                        let status = try await Self.onThread {
                            Self.bareLoop(path: bareDir.appendingPathComponent("\(index).pdf").path, lines: lines[index], pages: perRun)
                        }
                        guard status == 0 else { throw CLIError("bare loop failed with cairo status \(status)") }
                    }
                }
                let (rendered, renderedCPU) = try await timed {
                    var mutable = spool
                    mutable.directory = directory.appendingPathComponent("spool-\(round)")
                    let roundSpool = mutable
                    try await Self.concurrently(printRuns, limit: concurrency) { run in _ = try await roundSpool.render(run) }
                }
                let (stage, stageCPU) = try await timed {
                    try await stageApply(context, directory: directory.appendingPathComponent("stage-\(round)"), villages: villages, perRun: perRun)
                }
                let rates = (total.perSecond(bare), total.perSecond(rendered), total.perSecond(stage))
                let perPage = (bareCPU * 1000 / Double(total), renderedCPU * 1000 / Double(total))
                wall.append(rates)
                cpu.append(perPage)
                stageCPUs.append(stageCPU * 1000 / Double(total))
                print("\(String(round).leftPad(5))  \(Self.format(rates.0).leftPad(8))  \(Self.format(rates.1).leftPad(12))  \(String(format: "%.2f", rates.1 / rates.0).leftPad(5))  "
                    + "\(String(format: "%.3f", perPage.0).leftPad(14))  \(String(format: "%.3f", perPage.1).leftPad(17))  \(String(format: "%.2f", perPage.0 / perPage.1).leftPad(9))  \(Self.format(rates.2).leftPad(15))")
            }
            let best = (wall.map(\.0).max()!, wall.map(\.1).max()!, wall.map(\.2).max()!)
            let leastCPU = (cpu.map(\.0).min()!, cpu.map(\.1).min()!)
            print("best   \(Self.format(best.0).leftPad(8))  \(Self.format(best.1).leftPad(12))  \(String(format: "%.2f", best.1 / best.0).leftPad(5))  "
                + "\(String(format: "%.3f", leastCPU.0).leftPad(14))  \(String(format: "%.3f", leastCPU.1).leftPad(17))  \(String(format: "%.2f", leastCPU.0 / leastCPU.1).leftPad(9))  \(Self.format(best.2).leftPad(15))   (goal: renderer ≥ 0.80 × bare)")
            print(String(format: "projected for 85,000 certificates from the best wall-clock rates: bare %.1f s, stage renderer %.1f s, whole stage apply %.1f s (goal < 45 s)",
                         85_000 / best.0, 85_000 / best.1, 85_000 / best.2))
            let stageLeast = stageCPUs.min()!
            print(String(format: "projected from CPU per page on %d cores, if the machine were ours alone: bare %.1f s, stage renderer %.1f s, whole stage apply %.1f s (%.3f CPU ms/page)",
                         concurrency, 85_000 * leastCPU.0 / 1000 / Double(concurrency), 85_000 * leastCPU.1 / 1000 / Double(concurrency),
                         85_000 * stageLeast / 1000 / Double(concurrency), stageLeast))
        }

        /// The whole stage without Kafka: decide, one store transaction per batch of 5,000 jobs (numbers, runs,
        /// pages, outbox), then the runs rendered durably, as `pension worker certificate` does per batch.
        private func stageApply(_ context: AppContext, directory: URL, villages: [String], perRun: Int) async throws {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let store = try SQLiteStore.open(path: directory.appendingPathComponent("bench.sqlite").path)
            defer { try? store.close() }
            var spool = context.certificateSpool(printer: "")
            spool.printer = nil
            spool.directory = directory.appendingPathComponent("spool")
            spool.concurrency = concurrency
            let handler = try CertificateHandler(topics: context.topics, store: store, spool: spool)
            var jobs: [EventEnvelope<CertificatePrintRequested>] = []
            for (index, village) in villages.enumerated() {
                for person in 0..<perRun { jobs.append(Self.job(index * perRun + person, village: village)) }
            }
            let plan = context.plan
            do {
                var offset: Int64 = 0
                for chunk in stride(from: 0, to: jobs.count, by: 5_000).map({ jobs[$0..<min($0 + 5_000, jobs.count)] }) {
                    var events: [StageEvent<CertificateRecord>] = []
                    for job in chunk {
                        let decision = try handler.decide(job, at: SourcePosition(topic: handler.inputTopic, partition: 0, offset: offset), context: ())
                        events.append(StageEvent(record: decision.record, outbox: try decision.followUps.map { try $0.placed(by: plan) }))
                        offset += 1
                    }
                    _ = try await handler.apply(StageBatch(events: events))
                }
            }
            let printed = try await store.certificateStatus().map(\.printed).reduce(0, +)
            guard printed == jobs.count else { throw CLIError("the stage printed \(printed) certificates of \(jobs.count)") }
        }

        static func bareLoop(path: String, lines: [String], pages: Int) -> Int32 {
            let cStrings = lines.map { strdup($0) }
            defer { cStrings.forEach { free($0) } }
            let pointers = cStrings.map { UnsafePointer($0) }
            return pointers.withUnsafeBufferPointer { buffer in
                pension_bare_certificate_loop(
                    path, CertificatePageDrawing.title, buffer.baseAddress, Int32(lines.count / max(1, pages)),
                    CertificatePageDrawing.checksLabel, Int32(pages))
            }
        }

        static func concurrently<T: Sendable>(_ items: [T], limit: Int, _ work: @escaping @Sendable (T) async throws -> Void) async throws {
            try await withThrowingTaskGroup(of: Void.self) { group in
                var next = items.makeIterator()
                for _ in 0..<limit {
                    guard let item = next.next() else { break }
                    group.addTask { try await work(item) }
                }
                while try await group.next() != nil {
                    if let item = next.next() { group.addTask { try await work(item) } }
                }
            }
        }

        /// Runs blocking work on a Dispatch thread, as the spool renders (the bare loop is one long C call).
        static func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
            try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
            }
        }

        static func page(_ person: Int, village: String) -> CertificatePage {
            let job = job(person, village: village).payload
            return CertificatePage(number: "\(village.prefix(9))-\(String(format: "%06d", person + 1))", job: job,
                                   issuedOn: CivilDate(year: 2011, month: 12, day: 1)!, reprint: 0)
        }

        static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
        static let given = ["秀英", "桂兰", "建国", "淑珍", "德明", "玉兰", "国华", "志强", "凤英", "长富"]

        static func job(_ person: Int, village: String) -> EventEnvelope<CertificatePrintRequested> {
            // A distinct valid ID per person: sequence, then day, month and year of birth (1930 on) vary.
            let birth = String(format: "%04d%02d%02d", 1930 + person / 336_000, person / 28_000 % 12 + 1, person / 1_000 % 28 + 1)
            let first17 = "510623" + birth + String(format: "%03d", person % 1_000)
            let id = first17 + String(ResidentID.checkCharacter(forFirst17: first17)!)
            return EventEnvelope(
                eventId: UUID(), occurredAt: Date(timeIntervalSince1970: 1_322_697_600), townshipCode: String(village.prefix(9)),
                payload: CertificatePrintRequested(
                    residentId: id, name: "\(surnames[person % surnames.count])\(given[person / surnames.count % given.count])",
                    sex: person % 2 == 0 ? .female : .male, birthDate: CivilDate(year: 1945, month: 1, day: 1)!,
                    villageCode: village, monthlyAmountFen: 5_500, firstPaidMonth: "2011-12",
                    bankAccountMasked: "6217********\(String(format: "%04d", person % 10_000))",
                    eligibleOn: CivilDate(year: 2011, month: 11, day: 20)!, eligibilityEventId: UUID()))
        }

        static func format(_ rate: Double) -> String { String(format: "%.0f", rate) }
    }
}

/// The wall-clock time and this process's CPU seconds (user + system) of `body`.
private func timed(_ body: () async throws -> Void) async throws -> (Duration, Double) {
    func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }
    let clock = ContinuousClock()
    let started = clock.now
    let cpu = cpuSeconds()
    try await body()
    return (clock.now - started, cpuSeconds() - cpu)
}

extension Int {
    fileprivate func perSecond(_ duration: Duration) -> Double {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return Double(self) / seconds
    }
}
