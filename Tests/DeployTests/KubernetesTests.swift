import Foundation
import PensionDeploy
import Testing

/// The manifests of deploy/k8s: valid for Kubernetes, one Deployment, PodDisruptionBudget and KEDA ScaledObject per
/// stage, consistent with config/ and with KEDA's documented fields.
@Suite struct KubernetesTests {
    static let directory = Repository.url("deploy/k8s")

    static func files() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }.sorted { $0.path < $1.path }
    }

    static func objects() throws -> [[String: Any]] {
        try files().flatMap { try Repository.documents(String(contentsOf: $0, encoding: .utf8)) }
    }

    static func objects(_ kind: String) throws -> [[String: Any]] {
        try objects().filter { $0["kind"] as? String == kind }
    }

    static func name(_ object: [String: Any]) -> String {
        (object["metadata"] as? [String: Any])?["name"] as? String ?? ""
    }

    static func dig(_ value: Any?, _ path: String...) -> Any? {
        path.reduce(value) { ($0 as? [String: Any])?[$1] }
    }

    static func strings(_ value: Any?) -> [String] { (value as? [Any])?.map { "\($0)" } ?? [] }

    /// The documented fields of KEDA's ScaledObject spec and of its Kafka trigger's metadata
    /// (keda.sh/docs, "ScaledObject specification" and "Apache Kafka" scaler).
    static let scaledObjectSpecFields: Set<String> = [
        "scaleTargetRef", "pollingInterval", "cooldownPeriod", "initialCooldownPeriod", "idleReplicaCount",
        "minReplicaCount", "maxReplicaCount", "fallback", "advanced", "triggers",
    ]
    static let kafkaMetadataFields: Set<String> = [
        "bootstrapServers", "consumerGroup", "topic", "lagThreshold", "activationLagThreshold", "offsetResetPolicy",
        "allowIdleConsumers", "scaleToZeroOnInvalidOffset", "excludePersistentLag", "limitToPartitionsWithLag",
        "partitionLimitation", "version", "sasl", "tls", "unsafeSsl",
    ]

    @Test func manifestsValidateAndABrokenOneDoesNot() throws {
        let result = try KubernetesValidation.validate(try Self.files())
        #expect(result.run.status == 0, "kubernetes-validate: \(result.run.output)\(result.run.errors)")
        #expect(result.unknownKinds == ["ScaledObject"])
        let builtIn = try Self.objects().filter { $0["kind"] as? String != "ScaledObject" }
        #expect(result.passed.count == builtIn.count, "\(result.run.output)")

        let directory = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let broken = directory.appendingPathComponent("broken.yaml")
        let text = try Repository.text("deploy/k8s/worker-registration.yaml")
            .replacingOccurrences(of: "terminationGracePeriodSeconds: 30", with: "terminationGracePeriodSeconds: \"thirty\"")
        try text.write(to: broken, atomically: true, encoding: .utf8)
        let refused = try KubernetesValidation.validate([broken])
        #expect(refused.run.status != 0, "a Deployment with a string grace period passed kubernetes-validate")
    }

    @Test func everyStageHasAnElasticDeployment() throws {
        let deployments = try Self.objects("Deployment")
        for stage in try StageList.fromBinary() {
            let deployment = try #require(deployments.first { Self.name($0) == "pension-\(stage)" }, "no Deployment for \(stage)")
            let container = try #require((Self.dig(deployment, "spec", "template", "spec", "containers") as? [[String: Any]])?.first)
            #expect(Self.strings(container["args"]) == ["worker", stage])
            #expect(Self.dig(deployment, "spec", "replicas") == nil, "\(stage): KEDA owns the replica count")
        }
    }

    @Test func deploymentsHaveProbesNonRootGraceAndABudget() throws {
        let shutdown = try Repository.shutdownTimeoutMs()
        let budgets = try Self.objects("PodDisruptionBudget")
        let configMaps = try Self.objects("ConfigMap")
        let deployments = try Self.objects("Deployment")
        #expect(deployments.count == WorkerStage.all.count + 1)
        for deployment in deployments {
            let name = Self.name(deployment)
            let pod = try #require(Self.dig(deployment, "spec", "template", "spec") as? [String: Any])
            let grace = try #require(pod["terminationGracePeriodSeconds"] as? Int, "\(name) has no grace period")
            #expect(grace * 1000 > shutdown, "\(name): \(grace) s is not longer than worker.shutdownTimeoutMs \(shutdown)")
            #expect(Self.dig(pod, "securityContext", "runAsNonRoot") as? Bool == true, "\(name)")
            #expect((Self.dig(pod, "securityContext", "runAsUser") as? Int ?? 0) != 0, "\(name)")
            let container = try #require((pod["containers"] as? [[String: Any]])?.first)
            #expect(Self.dig(container, "livenessProbe", "httpGet", "path") as? String == "/health", "\(name)")
            #expect(Self.dig(container, "readinessProbe", "httpGet", "path") != nil, "\(name)")
            #expect(Self.dig(container, "resources", "requests") != nil, "\(name)")
            #expect(Self.dig(container, "securityContext", "allowPrivilegeEscalation") as? Bool == false, "\(name)")
            let environment = (container["env"] as? [[String: Any]] ?? []).reduce(into: [String: String]()) {
                $0[$1["name"] as? String ?? ""] = $1["value"] as? String
            }
            #expect(environment["STORE_PASSWORD_FILE"]?.hasPrefix("/run/secrets/") == true, "\(name)")
            #expect(environment.keys.allSatisfy { !$0.contains("PASSWORD") || $0.hasSuffix("_FILE") }, "\(name)")
            let secrets = (pod["volumes"] as? [[String: Any]] ?? []).compactMap { Self.dig($0, "secret", "secretName") as? String }
            #expect(secrets == ["pension-store"], "\(name)")
            let fromMap = (container["envFrom"] as? [[String: Any]] ?? []).compactMap { Self.dig($0, "configMapRef", "name") as? String }
            for map in fromMap {
                let data = try #require(configMaps.first { Self.name($0) == map }?["data"] as? [String: String], "no ConfigMap \(map)")
                #expect(data["STORE_URL"]?.hasPrefix("postgres://") == true)
                #expect(data["HTTP_HOST"] == "0.0.0.0")
                #expect(data.keys.allSatisfy { !$0.contains("PASSWORD") || $0.hasSuffix("_FILE") })
            }
            let labels = try #require(Self.dig(deployment, "spec", "template", "metadata", "labels") as? [String: String])
            let covering = budgets.filter { budget in
                let selector = Self.dig(budget, "spec", "selector", "matchLabels") as? [String: String] ?? [:]
                return !selector.isEmpty && selector.allSatisfy { labels[$0.key] == $0.value }
            }
            #expect(covering.count == 1, "\(name) has \(covering.count) PodDisruptionBudgets")
        }
    }

    @Test func scaledObjectsFollowKEDAsKafkaScaler() throws {
        let topics = try Repository.topics()
        let deployments = try Self.objects("Deployment")
        let bootstrap = try #require(
            (try Self.objects("ConfigMap").first { Self.name($0) == "pension-env" }?["data"] as? [String: String])?["KAFKA_BOOTSTRAP"])
        let scaled = try Self.objects().filter { $0["kind"] as? String == "ScaledObject" }
        #expect(scaled.count == WorkerStage.all.count)
        for stage in WorkerStage.all {
            let object = try #require(scaled.first { Self.name($0) == "pension-\(stage.name)" }, "no ScaledObject for \(stage.name)")
            #expect(object["apiVersion"] as? String == "keda.sh/v1alpha1")
            let spec = try #require(object["spec"] as? [String: Any])
            #expect(Set(spec.keys).isSubset(of: Self.scaledObjectSpecFields), "\(stage.name): \(spec.keys.sorted())")
            let target = try #require(Self.dig(spec, "scaleTargetRef", "name") as? String)
            let deployment = try #require(deployments.first { Self.name($0) == target }, "\(stage.name) scales \(target), which is no Deployment")
            let args = Self.strings((Self.dig(deployment, "spec", "template", "spec", "containers") as? [[String: Any]])?.first?["args"])
            #expect(args == ["worker", stage.name])
            let trigger = try #require((spec["triggers"] as? [[String: Any]])?.first)
            #expect(trigger["type"] as? String == "kafka")
            let metadata = try #require(trigger["metadata"] as? [String: String], "\(stage.name): metadata values must be strings")
            #expect(Set(metadata.keys).isSubset(of: Self.kafkaMetadataFields), "\(stage.name): \(metadata.keys.sorted())")
            #expect(metadata["bootstrapServers"] == bootstrap)
            #expect(metadata["consumerGroup"] == stage.group)
            let input = try #require(stage.inputTopic(in: topics))
            #expect(metadata["topic"] == input.name)
            #expect((Int(metadata["lagThreshold"] ?? "") ?? 0) > 0)
            #expect(metadata["allowIdleConsumers"] == "false")
            let minimum = try #require(spec["minReplicaCount"] as? Int)
            let maximum = try #require(spec["maxReplicaCount"] as? Int)
            #expect(minimum >= 1)
            #expect(maximum >= minimum && maximum <= Int(input.partitions), "\(stage.name): \(maximum) > \(input.partitions) partitions")
        }
    }

    @Test func topicsJobCreatesWithReplicationThree() throws {
        let job = try #require(try Self.objects("Job").first)
        let container = try #require((Self.dig(job, "spec", "template", "spec", "containers") as? [[String: Any]])?.first)
        #expect(Self.strings(container["args"]) == ["topics", "create"])
        let environment = (container["env"] as? [[String: Any]] ?? []).filter { $0["name"] as? String == "KAFKA_REPLICATION" }
        #expect(environment.first?["value"] as? String == "3")
        #expect(Self.dig(job, "spec", "template", "spec", "securityContext", "runAsNonRoot") as? Bool == true)
    }

    @Test func noSecretValuesAreCommitted() throws {
        #expect(try Self.objects("Secret").isEmpty, "deploy/k8s must not carry a Secret; create it with kubectl")
    }
}
