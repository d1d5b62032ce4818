import Foundation
#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Kafka
import PensionStore
import Testing

/// The metrics commands as operators run them, from the built executable: `pension worker metrics` with its own
/// `/metrics` port, and `pension metrics rebuild`, refused while that worker is in `pension-metrics` and then coming
/// back to the live counters.
extension MetricsProjectionTests {
    static func checkCommands(_ fixture: MetricsFixture, live: [VillageCounters]) async throws {
        let port = try freePort()
        let worker = try WorkerProcess("metrics", fixture: fixture.pipeline, store: fixture.pipeline.storePath("payout"),
                                       name: "metrics-worker", batch: 500, group: "pension-metrics",
                                       environment: ["METRICS_WORKER_PORT": String(port)])
        // The worker's own /metrics: the runtime's series once it has committed a batch (it replays every topic in
        // its new group; the gate keeps the counters as they were).
        let url = URL(string: "http://127.0.0.1:\(port)/metrics")!
        try await TestBroker.eventually(timeout: .seconds(90), "the worker's /metrics with its throughput") {
            guard let (data, _) = try? await URLSession.shared.data(from: url) else { return false }
            return String(decoding: data, as: UTF8.self).contains("pension_worker_messages_total{stage=\"metrics\"}")
        }
        let exposition = String(decoding: try await URLSession.shared.data(from: url).0, as: UTF8.self)
        let parsed = try await DashboardCheck.run(
            PipelineFixture.repositoryConfig.deletingLastPathComponent().appendingPathComponent(".venv/bin/python").path,
            ["-c", """
                import sys
                from prometheus_client.parser import text_string_to_metric_families
                for f in text_string_to_metric_families(sys.stdin.read()):
                    for s in f.samples:
                        print(s.name, ",".join(k + "=" + v for k, v in sorted(s.labels.items())), s.value)
                """], input: Data(exposition.utf8))
        let lines = parsed.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        func value(_ name: String, _ labels: String) -> Double? {
            lines.first { $0.count == 3 && $0[0] == name && $0[1] == labels }.flatMap { Double($0[2]) }
        }
        // Throughput, the store step's duration histogram, what was found already applied (the replay).
        #expect((value("pension_worker_messages_total", "stage=metrics") ?? 0) > 0)
        #expect((value("pension_worker_batch_step_seconds_count", "stage=metrics,step=store") ?? 0) > 0)
        #expect(lines.contains { $0.first == "pension_worker_batch_step_seconds_bucket" && $0.count == 3 && $0[1].contains("step=commit") })
        #expect((value("pension_worker_events_redelivered_total", "stage=metrics") ?? 0) > 0)

        // While it is a member, the rebuild refuses and changes nothing.
        let refused = try rebuild(fixture)
        #expect(refused.status != 0)
        #expect(refused.output.contains("active member"))
        #expect(try await fixture.store.metricsByVillage() == live)

        worker.signal(SIGTERM)
        #expect(try await worker.waitForExit() == 0)
        #expect(try await fixture.store.metricsByVillage() == live)
        let admin = try TestBroker.admin()
        try await TestBroker.eventually(timeout: .seconds(90), "pension-metrics without members") {
            try await admin.listGroups().first { $0.name == "pension-metrics" }.map { $0.members == 0 } ?? true
        }
        let rebuilt = try rebuild(fixture)
        #expect(rebuilt.status == 0, "\(rebuilt.output.suffix(2_000))")
        #expect(rebuilt.output.contains("rebuilt the metrics projection from"))
        #expect(try await fixture.store.metricsByVillage() == live)
    }

    private static func rebuild(_ fixture: MetricsFixture) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = try WorkerProcess.binary
        process.arguments = ["metrics", "rebuild", "--config-dir", fixture.pipeline.configDir.path, "--quiet-seconds", "3"]
        var environment = ProcessInfo.processInfo.environment
        environment["KAFKA_BOOTSTRAP"] = try TestBroker.bootstrap()
        environment["STORE_URL"] = "sqlite:" + fixture.pipeline.storePath("payout")
        environment["WORKER_SESSION_TIMEOUT_MS"] = "6000"
        environment["LOG_LEVEL"] = "warning"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A loopback port nothing listens on now.
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
        }
        #expect(bound == 0)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
