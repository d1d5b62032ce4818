import Foundation
import PensionDeploy
import Testing
import Yams

/// docker-compose.yml as `docker-compose config` resolves it (anchors merged), and the Prometheus and Grafana files
/// it mounts.
@Suite(.serialized) struct ComposeTests {
    static let storeURL = "postgres://pension@postgres:5432/pension"

    /// The resolved compose file.
    static func resolved() throws -> [String: Any] {
        let run = try Tool.run(try Tool.dockerCompose(), ["-f", "docker-compose.yml", "config"])
        try #require(run.status == 0, "docker-compose config failed: \(run.errors)")
        return try #require(try Yams.load(yaml: run.output) as? [String: Any])
    }

    static func services() throws -> [String: [String: Any]] {
        try #require(try resolved()["services"] as? [String: [String: Any]])
    }

    static func environment(_ service: [String: Any]) -> [String: String] {
        ((service["environment"] as? [String: Any]) ?? [:]).mapValues { "\($0)" }
    }

    static func strings(_ value: Any?) -> [String] { (value as? [Any])?.map { "\($0)" } ?? [] }

    @Test func validatesAndABrokenCopyDoesNot() throws {
        let compose = try Tool.dockerCompose()
        let valid = try Tool.run(compose, ["-f", "docker-compose.yml", "config", "-q"])
        #expect(valid.status == 0, "docker-compose config -q: \(valid.errors)")

        let directory = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = try Repository.text("docker-compose.yml")
        let broken = text.replacingOccurrences(of: "stop_grace_period: 30s", with: "stop_grace_periods: 30s")
        #expect(broken != text)
        try broken.write(to: directory.appendingPathComponent("docker-compose.yml"), atomically: true, encoding: .utf8)
        let refused = try Tool.run(compose, ["-f", "docker-compose.yml", "config", "-q"], in: directory)
        #expect(refused.status != 0, "a compose file with an unknown property passed docker-compose config")
    }

    @Test func everyStageHasAScalableWorkerService() throws {
        let services = try Self.services()
        for stage in try StageList.fromBinary() {
            let service = try #require(services["\(stage)-worker"], "no service \(stage)-worker in docker-compose.yml")
            #expect(Self.strings(service["command"]) == ["worker", stage])
        }
        let workers = services.filter { $0.key.hasSuffix("-worker") }
        #expect(workers.count == WorkerStage.all.count)
        for (name, service) in workers {
            #expect(service["container_name"] == nil, "\(name) has a container_name: it could not be scaled")
            #expect(service["ports"] == nil, "\(name) publishes ports: a second replica could not bind them")
            #expect(service["stop_grace_period"] != nil, "\(name) keeps Docker's 10 s stop grace, under the 15 s shutdown")
        }
    }

    @Test func workersAndServerUseThePostgreSQLStoreWithAPasswordFile() throws {
        let resolved = try Self.resolved()
        let services = try #require(resolved["services"] as? [String: [String: Any]])
        let secrets = try #require(resolved["secrets"] as? [String: [String: Any]])
        let users = services.filter { $0.key.hasSuffix("-worker") || Self.strings($0.value["command"]).first == "serve" }
        #expect(users.count == WorkerStage.all.count + 1)
        for (name, service) in users {
            let environment = Self.environment(service)
            #expect(environment["STORE_URL"] == Self.storeURL, "\(name)")
            #expect(environment["HTTP_HOST"] == "0.0.0.0", "\(name)")
            let file = try #require(environment["STORE_PASSWORD_FILE"], "\(name) has no STORE_PASSWORD_FILE")
            #expect(file.hasPrefix("/run/secrets/"), "\(name)")
            let secret = String(file.dropFirst("/run/secrets/".count))
            let mounted = (service["secrets"] as? [[String: Any]] ?? []).compactMap { $0["source"] as? String }
            #expect(mounted.contains(secret), "\(name) does not mount the secret \(secret)")
            #expect(secrets[secret]?["file"] != nil, "secret \(secret) is not read from a file")
            #expect(environment.keys.allSatisfy { !$0.contains("PASSWORD") || $0.hasSuffix("_FILE") })
        }
        let postgres = try #require(services["postgres"])
        #expect((postgres["image"] as? String)?.hasPrefix("postgres:15.") == true)
        #expect(Self.environment(postgres)["POSTGRES_PASSWORD_FILE"] == "/run/secrets/store_password")
    }

    @Test func threeBrokersReplicateThreeTimesWithTwoInSync() throws {
        let services = try Self.services()
        let brokers = services.filter { ($0.value["image"] as? String)?.hasPrefix("apache/kafka:") == true }
        #expect(brokers.count == 3)
        for (name, broker) in brokers {
            let environment = Self.environment(broker)
            #expect(environment["KAFKA_PROCESS_ROLES"]?.contains("broker") == true, "\(name)")
            #expect(environment["KAFKA_CONTROLLER_QUORUM_VOTERS"]?.split(separator: ",").count == 3, "\(name)")
            #expect(environment["KAFKA_DEFAULT_REPLICATION_FACTOR"] == "3", "\(name)")
            #expect(environment["KAFKA_MIN_INSYNC_REPLICAS"] == "2", "\(name)")
            #expect(environment["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] == "3", "\(name)")
            #expect(environment["KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"] == "3", "\(name)")
            #expect(environment["KAFKA_TRANSACTION_STATE_LOG_MIN_ISR"] == "2", "\(name)")
        }
        #expect(Set(brokers.map { Self.environment($0.value)["KAFKA_NODE_ID"] ?? "" }).count == 3)
    }

    @Test func topicsJobRunsBeforeTheWorkers() throws {
        let services = try Self.services()
        let jobs = services.filter { Self.strings($0.value["command"]) == ["topics", "create"] }
        let (name, job) = try #require(jobs.first, "no service runs `pension topics create`")
        #expect(Self.environment(job)["KAFKA_REPLICATION"] == "3")
        for (worker, service) in services where worker.hasSuffix("-worker") {
            let condition = (service["depends_on"] as? [String: [String: Any]])?[name]?["condition"] as? String
            #expect(condition == "service_completed_successfully", "\(worker) does not wait for \(name)")
        }
    }

    @Test func imagesArePinned() throws {
        for (name, service) in try Self.services() {
            let image = try #require(service["image"] as? String, "\(name) has no image")
            let tag = image.split(separator: ":").last.map(String.init) ?? ""
            let versioned = tag.contains(where: \.isNumber)
            #expect(image.contains(":") && tag != "latest" && versioned, "\(name): \(image)")
        }
    }

    @Test func prometheusScrapesEveryWorkerServiceAndTheServer() throws {
        let config = try #require(try Yams.load(yaml: Repository.text("deploy/prometheus/prometheus.yml")) as? [String: Any])
        let jobs = try #require(config["scrape_configs"] as? [[String: Any]])
        let dns = jobs.flatMap { ($0["dns_sd_configs"] as? [[String: Any]]) ?? [] }
        #expect(dns.allSatisfy { $0["type"] as? String == "A" && $0["port"] as? Int == 9400 })
        let names = Set(dns.flatMap { Self.strings($0["names"]) })
        let services = try Self.services()
        #expect(names == Set(services.keys.filter { $0.hasSuffix("-worker") }))
        let statics = jobs.flatMap { ($0["static_configs"] as? [[String: Any]]) ?? [] }.flatMap { Self.strings($0["targets"]) }
        let server = try #require(services.first { Self.strings($0.value["command"]) == ["serve"] })
        #expect(statics.contains("\(server.key):8088"))
        let rules = Self.strings(config["rule_files"])
        #expect(rules == ["alerts.yml"])
        #expect(FileManager.default.fileExists(atPath: Repository.url("deploy/prometheus/alerts.yml").path))
    }

    @Test func alertsCoverLagAndDeadLettersWithMetricsTheCodeEmits() throws {
        let file = try #require(try Yams.load(yaml: Repository.text("deploy/prometheus/alerts.yml")) as? [String: Any])
        let groups = try #require(file["groups"] as? [[String: Any]])
        let rules = groups.flatMap { ($0["rules"] as? [[String: Any]]) ?? [] }
        let expressions = rules.compactMap { $0["expr"] as? String }
        #expect(expressions.count == rules.count)
        #expect(expressions.contains { $0.contains("kafka_consumergroup_lag") }, "no alert on consumer lag")
        #expect(expressions.contains { $0.contains("pension_worker_dead_letters_total") }, "no alert on parked dead letters")
        #expect(expressions.contains { $0.contains("pension_dead_letters") }, "no alert on the projection's dead letters")
        let sources = try Repository.sourceText()
        for expression in expressions {
            for name in Repository.metricNames(in: expression) {
                #expect(sources.contains("\"\(name)\""), "alert uses \(name), which no source file emits")
            }
        }
    }

    @Test func grafanaHasItsDatasourceAndDashboard() throws {
        let datasources = try #require(
            try Yams.load(yaml: Repository.text("deploy/grafana/provisioning/datasources/prometheus.yml")) as? [String: Any])
        let source = try #require((datasources["datasources"] as? [[String: Any]])?.first)
        #expect(source["type"] as? String == "prometheus")
        #expect(source["url"] as? String == "http://prometheus:9090")
        let uid = try #require(source["uid"] as? String)

        let providers = try #require(
            try Yams.load(yaml: Repository.text("deploy/grafana/provisioning/dashboards/pension.yml")) as? [String: Any])
        let path = try #require(((providers["providers"] as? [[String: Any]])?.first?["options"] as? [String: Any])?["path"] as? String)
        let grafana = try #require(try Self.services()["grafana"])
        #expect(Self.strings(grafana["volumes"]).contains { $0.hasSuffix("deploy/grafana/dashboards:\(path):ro") })

        let data = try Data(contentsOf: Repository.url("deploy/grafana/dashboards/pension.json"))
        let dashboard = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let panels = try #require(dashboard["panels"] as? [[String: Any]])
        #expect(panels.count >= 6)
        let sources = try Repository.sourceText()
        var expressions: [String] = []
        for panel in panels {
            #expect((panel["datasource"] as? [String: Any])?["uid"] as? String == uid)
            expressions += ((panel["targets"] as? [[String: Any]]) ?? []).compactMap { $0["expr"] as? String }
        }
        #expect(expressions.contains { $0.contains("kafka_consumergroup_lag") })
        #expect(expressions.contains { $0.contains("dead_letters") })
        for name in expressions.flatMap(Repository.metricNames(in:)) {
            #expect(sources.contains("\"\(name)\""), "dashboard uses \(name), which no source file emits")
        }
    }
}
