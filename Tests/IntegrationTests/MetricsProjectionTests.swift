import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Kafka
import PensionDomain
import PensionHTTP
import PensionMetrics
import PensionOperations
import PensionSimulation
import PensionStore
import ServiceLifecycle
import Testing

/// The metrics projection on the real broker and SQLite after a generated drive with every kind of outcome
/// (verified, rejected by reason, eligible, held, released, certificates, bank cards, payouts completed and
/// failed, dead letters): the live counters equal the generator's expectation; the dashboard rendered by headless
/// Chromium shows the JSON API's and the generator's numbers; `/metrics` parses as Prometheus text with the
/// expected series; and `pension metrics rebuild` (refused while a metrics worker runs) comes back to the same
/// counters from the topics alone; the same with the `pension` executable.
@Suite(.serialized, .timeLimit(.minutes(12))) struct MetricsProjectionTests {
    /// The live counters, which must be exactly the generator's and the bank's figures, all in the one township.
    static func expectLiveCounters(_ store: any DriveStore, _ expected: MetricsFixture.Expected) async throws
        -> ([VillageCounters], MetricsCounters)
    {
        let township = PayoutPipelineFixture.township
        let live = try await store.metricsByVillage()
        #expect(Set(live.map(\.townshipCode)) == [township])
        #expect(live.allSatisfy { !$0.villageCode.isEmpty || $0.counters.enrolled == 0 })
        let county = live.reduce(MetricsCounters()) { $0 + $1.counters }
        #expect(county.submitted == expected.counts.submitted)
        #expect(county.enrolled == expected.counts.enrolled)
        #expect(county.verified == expected.counts.verified)
        #expect(county.rejectedByReason == expected.counts.rejectedByReason)
        #expect(county.eligible == expected.eligibility.eligible)
        #expect(county.released == expected.eligibility.released)
        #expect(county.heldByReason == expected.eligibility.heldByReason)
        #expect(county.certificatesPrinted == expected.eligibility.eligible)
        #expect(county.bankCards == expected.bankCards)
        #expect(county.payouts == expected.payouts && county.pensionersPaid == expected.payouts)
        #expect(county.payoutsFen == expected.payoutsFen)
        #expect(county.payoutsFailedByReason.values.reduce(0, +) == expected.payoutsFailed)
        #expect(county.deadLetters == ["registration": expected.counts.malformedByCode])
        return (live, county)
    }

    /// Every stage on PostgreSQL, certificates and payouts included: the same figures.
    @Test func everyStageOnPostgreSQL() async throws {
        let fixture = try await MetricsFixture(backend: .postgres)
        defer { fixture.cleanUp() }
        let expected = try await fixture.runDrive()
        _ = try await Self.expectLiveCounters(fixture.store, expected)
        let printed = try await fixture.store.certificateStatus().reduce(0) { $0 + $1.printed }
        #expect(printed == expected.eligibility.eligible)
    }

    @Test func liveCountersDashboardPrometheusAndRebuild() async throws {
        let fixture = try await MetricsFixture()
        defer { fixture.cleanUp() }
        let store = fixture.store
        let township = PayoutPipelineFixture.township
        let expected = try await fixture.runDrive()
        // The run exercises every kind of outcome.
        #expect(expected.counts.rejected > 0 && expected.counts.malformed > 0 && expected.counts.duplicates > 0)
        #expect(expected.eligibility.released > 0 && expected.eligibility.held > 0)
        #expect(expected.payoutsFailed > 0 && expected.bankCards > 0 && expected.payouts > 0)

        // 1. The live counters: exactly the generator's and the bank's figures, all in the one township.
        let (live, county) = try await Self.expectLiveCounters(store, expected)

        // 2. The dashboard and the API from a running server, read by headless Chromium; 3. /metrics.
        try await DashboardCheck(fixture: fixture, expected: expected, county: county).run()

        // 4. The rebuild is refused while a metrics worker is in the group …
        let admin = try TestBroker.admin()
        let rebuild = MetricsRebuild(admin: admin, store: store, logger: TestBroker.logger)
        let running = ServiceGroup(configuration: .init(
            services: [.init(service: try fixture.pipeline.worker(fixture.metricsHandler(), group: fixture.metricsGroup))],
            logger: TestBroker.logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await running.run() }
            try await TestBroker.eventually(timeout: .seconds(60), "a member in \(fixture.metricsGroup)") {
                try await admin.listGroups().first { $0.name == fixture.metricsGroup }.map { $0.members > 0 } ?? false
            }
            await #expect(throws: MetricsRebuild.Refused.self) { try await rebuild.checkNoMembers(group: fixture.metricsGroup) }
            await running.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        // The redelivered and replayed messages of that run changed nothing.
        #expect(try await store.metricsByVillage() == live)

        // … and once the group is empty, it drops the counters and reads every topic again to the same numbers.
        try await TestBroker.eventually(timeout: .seconds(90), "\(fixture.metricsGroup) without members") {
            try await admin.listGroups().first { $0.name == fixture.metricsGroup }.map { $0.members == 0 } ?? true
        }
        let handler = fixture.metricsHandler()
        let result = try await rebuild.run(
            group: fixture.metricsGroup, handler: handler, consumer: try fixture.metricsConsumer(), quiet: .seconds(3)
        ) { reader, scope in try fixture.worker(handler, consumer: reader, scope: scope) }
        #expect(result.messages > expected.counts.submitted)
        let rebuilt = try await store.metricsByVillage()
        #expect(rebuilt == live)

        // 5. The same from the command line: a metrics worker process with its own /metrics, the rebuild command.
        try await Self.checkCommands(fixture, live: live)
    }
}

/// Starts `pension serve`'s server in-process on a free port over the fixture's store and checks the API, the
/// page as Chromium renders it, and the Prometheus exposition.
struct DashboardCheck {
    let fixture: MetricsFixture
    let expected: MetricsFixture.Expected
    let county: MetricsCounters

    static let artifacts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/test-artifacts")

    func run() async throws {
        let township = PayoutPipelineFixture.township
        // Targets: the county's file, with this township's enrolment target twice the generator's verified count.
        var targets = try DriveTargets.load(from: PipelineFixture.repositoryConfig.appendingPathComponent("targets.json"))
        let index = try #require(targets.townships.firstIndex { $0.code == township })
        targets.townships[index].enrolment = expected.counts.verified * 2
        let sources = PensionServer.Sources(store: fixture.store, targets: targets, townships: fixture.pipeline.townships,
                                            businessDate: CivilDate(iso: "2011-12-10")!)
        let port = PortBox()
        var sampler = LagSampler(admin: try TestBroker.admin(), store: fixture.store, topics: fixture.pipeline.topics,
                                 plan: fixture.pipeline.plan)
        sampler.groupPrefix = fixture.pipeline.prefix + "-"
        let townships = fixture.pipeline.townships
        let lag = LagDashboard(sampler: sampler, minimumInterval: .seconds(1), townshipName: { townships[code: $0]?.name })
        let server = PensionServer(sources: sources, port: 0, registry: fixture.registry, extensions: [lag],
                                   logger: TestBroker.logger) {
            await port.set($0)
        }
        let group = ServiceGroup(configuration: .init(services: [.init(service: server)], logger: TestBroker.logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            defer { Task { await group.triggerGracefulShutdown() } }
            try await TestBroker.eventually(timeout: .seconds(20), "the server to listen") { await port.value != nil }
            let base = "http://127.0.0.1:\(try #require(await port.value))"
            try await checkAPI(base, township: township)
            try await checkLag(base, township: township)
            try await checkPage(base, township: township)
            try await checkPrometheus(base, township: township)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// The generated residents' IDs and full names found in `text`.
    private func personalData(in text: String) -> [String] {
        let residents = fixture.payout.population.householdRegister
        return residents.flatMap { [$0.residentId, $0.name] }.filter { $0.count >= 3 && text.contains($0) }
    }

    private func get(_ url: String) async throws -> (Int, Data) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: url)!)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    /// The JSON API answers the projection's numbers; health and readiness answer.
    private func checkAPI(_ base: String, township: String) async throws {
        #expect(try await get(base + "/health").0 == 200)
        #expect(try await get(base + "/ready").0 == 200)
        let (status, data) = try await get(base + "/api/progress")
        #expect(status == 200)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let countyJSON = try #require((object["county"] as? [String: Any])?["counters"] as? [String: Any])
        #expect(countyJSON["verified"] as? Int == county.verified)
        #expect(countyJSON["payoutsFen"] as? Int == county.payoutsFen)
        let townships = try #require(object["townships"] as? [[String: Any]])
        #expect(townships.count == 45)
        let first = try #require(townships.first)
        #expect(first["code"] as? String == township && first["rank"] as? Int == 1)
        #expect((first["enrolment"] as? [String: Any])?["progress"] as? Double == 0.5)
        #expect(object["daysLeft"] as? Int == 10)
        let (_, letters) = try await get(base + "/api/dead-letters")
        let lettersJSON = try #require(try JSONSerialization.jsonObject(with: letters) as? [String: Any])
        #expect(lettersJSON["total"] as? Int == expected.counts.malformed)
        #expect(try await get(base + "/api/progress?date=2011-13-01").0 == 400)
        // No personal data: no generated resident's ID or name anywhere in the API.
        let text = String(decoding: data, as: UTF8.self) + String(decoding: try await get(base + "/api/villages").1, as: UTF8.self)
        #expect(personalData(in: text).isEmpty)
    }

    /// `/api/lag` and its panel: the six stage groups of the drive, drained (lag 0) in the township.
    private func checkLag(_ base: String, township: String) async throws {
        let (status, data) = try await get(base + "/api/lag")
        #expect(status == 200)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let groups = try #require(object["groups"] as? [[String: Any]])
        let prefix = fixture.pipeline.prefix
        #expect(Set(groups.compactMap { $0["group"] as? String }) == Set(
            ["registration", "id-verification", "eligibility", "payout", "certificate", "metrics"].map { "\(prefix)-\($0)" }))
        // The stages are stopped: the figures stand still, and the panel adds up to the API's total. (Not always 0:
        // the drive ends when the projection has counted everything, which another stage may not have processed.)
        let (_, panel) = try await get(base + "/api/lag/panel")
        let table = try #require(try JSONSerialization.jsonObject(with: panel) as? [String: Any])
        let rows = try #require(table["rows"] as? [[String]])
        #expect(rows.count == 6, "one row per group in the one township with messages")
        #expect(rows.allSatisfy { $0[1] == township })
        #expect(rows.compactMap { Int($0[3]) }.reduce(0, +) == object["totalLag"] as? Int)
        #expect(rows.contains { $0[0] == fixture.metricsGroup })
    }

    /// Headless Chromium renders the page (its script fills the numbers in); the DOM's numbers are the API's and
    /// the generator's. A screenshot is kept as a test artifact.
    private func checkPage(_ base: String, township: String) async throws {
        let chromium = try #require(["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }, "chromium is not installed: scripts/setup.sh installs it")
        // Each run gets a profile of its own: Chromium hands a command line to a live instance on the same profile
        // (a helper of the previous run may still hold it) and exits without doing anything.
        var common: [String] {
            ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
             "--user-data-dir=\(fixture.pipeline.directory.appendingPathComponent("chromium-\(UUID().uuidString)").path)"]
        }
        // 12 s of the page's (virtual) time: drawn from the data it carries, then refreshed from the API twice.
        let dom = try await Self.run(chromium, common + ["--virtual-time-budget=12000", "--dump-dom", base + "/"])
        #expect(dom.contains("data-rendered=\"true\""), "the page's script did not run")
        #expect(dom.range(of: #"data-refreshes="[1-9]"#, options: .regularExpression) != nil, "the page did not refresh itself")
        func value(_ pattern: String) -> Int? {
            guard let range = dom.range(of: pattern, options: .regularExpression) else { return nil }
            let match = dom[range]
            guard let number = match.range(of: #"data-value="(-?\d+)""#, options: .regularExpression) else { return nil }
            return Int(match[number].dropFirst("data-value=\"".count).dropLast())
        }
        let c = expected.counts
        #expect(value(#"id="county-submitted" data-value="\d+""#) == c.submitted)
        #expect(value(#"<span[^>]*id="county-verified"[^>]*>"#) == c.verified)
        #expect(value(#"<span[^>]*id="county-rejected"[^>]*>"#) == c.rejected)
        #expect(value(#"<span[^>]*id="county-eligible"[^>]*>"#) == expected.eligibility.eligible)
        #expect(value(#"<span[^>]*id="county-held"[^>]*>"#) == expected.eligibility.held)
        #expect(value(#"<span[^>]*id="county-certificates"[^>]*>"#) == expected.eligibility.eligible)
        #expect(value(#"<span[^>]*id="county-payouts"[^>]*>"#) == expected.payouts)
        #expect(value(#"<span[^>]*id="county-dead-letters"[^>]*>"#) == c.malformed)
        let row = try #require(dom.range(of: #"<tr data-township="\#(township)"[^>]*>.*?</tr>"#, options: .regularExpression))
        let cells = String(dom[row])
        #expect(cells.contains("data-field=\"verified\" data-value=\"\(c.verified)\""))
        #expect(cells.contains("data-field=\"pensioners-paid\" data-value=\"\(expected.payouts)\""))
        #expect(cells.contains("data-field=\"rank\" data-value=\"1\""))
        #expect(dom.components(separatedBy: "<tr data-township=").count - 1 == 45)
        for (code, count) in c.malformedByCode {
            #expect(dom.contains("data-stage=\"registration\" data-reason=\"\(code)\""))
            #expect(dom.contains("data-field=\"count\" data-value=\"\(count)\""))
        }
        let lagPanel = try #require(dom.range(of: #"<section id="panel-lag".*?</section>"#, options: .regularExpression),
                                    "the lag panel")
        #expect(dom[lagPanel].contains("\(fixture.metricsGroup)") && dom[lagPanel].contains(township))
        #expect(personalData(in: dom).isEmpty, "personal data on the page")
        #expect(!dom.contains("http://") || !dom.replacingOccurrences(of: base, with: "").contains("http://cdn"))

        try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
        let png = Self.artifacts.appendingPathComponent("dashboard.png").path
        try? FileManager.default.removeItem(atPath: png)
        var size = 0
        for _ in 1...3 where size <= 10_000 {
            // No virtual time here: with it, Chromium's screenshot of this page was seen never to finish (the DOM
            // checks above use it; the page draws from the data it carries, so the screenshot shows numbers anyway).
            _ = try await Self.run(chromium, common + ["--hide-scrollbars",
                                                 "--screenshot=\(png)", "--window-size=1280,1600", base + "/"])
            size = (try? FileManager.default.attributesOfItem(atPath: png)[.size] as? Int) ?? 0
        }
        #expect(size > 10_000, "the screenshot \(png)")
    }

    /// `/metrics` parsed by Python's prometheus_client: the projection's gauges with their labels.
    private func checkPrometheus(_ base: String, township: String) async throws {
        let (status, data) = try await get(base + "/metrics")
        #expect(status == 200)
        let python = PipelineFixture.repositoryConfig.deletingLastPathComponent().appendingPathComponent(".venv/bin/python").path
        let script = """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            out = []
            for family in text_string_to_metric_families(sys.stdin.read()):
                for s in family.samples:
                    out.append([s.name, s.labels, s.value])
            print(json.dumps(out))
            """
        let output = try await Self.run(python, ["-c", script], input: data)
        let samples = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[Any]])
        func sample(_ name: String, _ labels: [String: String]) -> Double? {
            samples.first { entry in
                entry[0] as? String == name
                    && labels.allSatisfy { (entry[1] as? [String: String])?[$0.key] == $0.value }
            }?[2] as? Double
        }
        #expect(sample("pension_drive_count", ["township": township, "measure": "verified"]) == Double(expected.counts.verified))
        #expect(sample("pension_drive_count", ["township": "county", "measure": "payouts_fen"]) == Double(expected.payoutsFen))
        #expect(sample("pension_drive_progress_ratio", ["township": township, "measure": "enrolment"]) == 0.5)
        for (code, count) in expected.counts.malformedByCode {
            #expect(sample("pension_dead_letters", ["stage": "registration", "reason": code, "township": township]) == Double(count))
        }
        #expect(sample("pension_drive_days_left", [:]) == 10)
        let partition = try #require(fixture.pipeline.plan.partitions(of: township)?.first)
        let topic = try #require(fixture.pipeline.topics.topic(forEvent: RegistrationSubmitted.eventType)).name
        let lag = try #require(try JSONSerialization.jsonObject(with: try await get(base + "/api/lag").1) as? [String: Any])
        let registration = try #require((lag["groups"] as? [[String: Any]])?.first {
            $0["group"] as? String == "\(fixture.pipeline.prefix)-registration"
        })
        let expectedLag = try #require((registration["partitions"] as? [[String: Any]])?.first {
            $0["topic"] as? String == topic && $0["partition"] as? Int == Int(partition)
        }?["lag"] as? Int)
        #expect(sample("kafka_consumergroup_lag", [
            "consumergroup": "\(fixture.pipeline.prefix)-registration", "topic": topic, "partition": String(partition),
            "township": township,
        ]) == Double(expectedLag))
    }

    /// Runs a program to its end (killed after `limit`) and returns its standard output. Output and errors go to
    /// files, not pipes: Chromium's helper processes outlive it holding what it inherited, and a pipe would then
    /// never end. It waits with `Task.sleep`, not on a thread: Chromium loads pages from the server in this process,
    /// whose handlers need the cooperative threads (two on two cores) that a blocked wait would hold.
    static func run(
        _ executable: String, _ arguments: [String], input: Data? = nil, limit: TimeInterval = 120
    ) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString)")
        let (out, err) = (base.appendingPathExtension("out"), base.appendingPathExtension("err"))
        for file in [out, err] { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        defer { for file in [out, err] { try? FileManager.default.removeItem(at: file) } }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        let inputPipe = Pipe()
        if input != nil { process.standardInput = inputPipe }
        try process.run()
        if let input {
            // A process that exits without reading closes the pipe: its exit status tells, not a crash here.
            try? inputPipe.fileHandleForWriting.write(contentsOf: input)
            try? inputPipe.fileHandleForWriting.close()
        }
        let deadline = Date().addingTimeInterval(limit)
        while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        // SIGKILL to its process group (Foundation starts it in one of its own): Chromium and its helpers may not end
        // on SIGTERM, and waiting for one that did not would hold the test run.
        if process.isRunning { kill(-process.processIdentifier, SIGKILL) }
        let killed = Date().addingTimeInterval(10)
        while process.isRunning && Date() < killed { try await Task.sleep(for: .milliseconds(50)) }
        let message = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        guard !process.isRunning else {
            Issue.record("\(executable) still counts as running 10 s after SIGKILL: \(message.suffix(2_000))")
            return ""
        }
        #expect(process.terminationReason == .exit && process.terminationStatus == 0,
                "\(executable) ended with \(process.terminationStatus) (\(process.terminationReason == .exit ? "exit" : "killed")): \(message.suffix(2_000))")
        return (try? String(contentsOf: out, encoding: .utf8)) ?? ""
    }
}

/// The port the server reports once it listens.
actor PortBox {
    private(set) var value: Int?
    func set(_ port: Int) { value = port }
}
