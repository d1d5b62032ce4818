import Foundation
import PensionDeploy
import PensionDomain
import Testing
import Yams

/// `pension deploy k8s-pinned`: one Deployment per township from the partition plan, valid for Kubernetes.
@Suite struct PinnedDeploymentTests {
    static func generator(_ stage: String = "registration", image: String = "pension:0.14.0") throws -> PinnedDeployments {
        try PinnedDeployments(
            stage: try #require(WorkerStage.named(stage)), plan: try Repository.plan(),
            townships: try Repository.townships(), settings: .init(image: image))
    }

    static func container(_ document: [String: Any]) throws -> [String: Any] {
        try #require((KubernetesTests.dig(document, "spec", "template", "spec", "containers") as? [[String: Any]])?.first)
    }

    @Test func oneDeploymentPerTownshipPinnedToIt() throws {
        let townships = try Repository.townships().townships.map(\.code)
        let manifests = try Self.generator().manifests(townships: [])
        #expect(manifests.map(\.township) == townships)
        #expect(Set(manifests.map(\.name)).count == townships.count)
        for manifest in manifests {
            #expect(KubernetesName.isLabel(manifest.name), "\(manifest.name) is not a DNS-1123 label")
            let document = try #require(try Repository.documents(manifest.yaml).first)
            #expect(document["kind"] as? String == "Deployment")
            #expect(KubernetesTests.name(document) == manifest.name)
            let arguments = KubernetesTests.strings(try Self.container(document)["args"])
            #expect(arguments == ["worker", "registration", "--township", manifest.township])
            #expect(KubernetesTests.dig(document, "spec", "replicas") as? Int == 1)
            #expect(KubernetesTests.dig(document, "spec", "strategy", "type") as? String == "Recreate")
            let selector = try #require(KubernetesTests.dig(document, "spec", "selector", "matchLabels") as? [String: String])
            let labels = try #require(KubernetesTests.dig(document, "spec", "template", "metadata", "labels") as? [String: String])
            #expect(selector.allSatisfy { labels[$0.key] == $0.value })
            #expect(selector["pension/mode"] == "pinned" && selector["pension/township"] == manifest.township)
        }
    }

    @Test func chosenTownshipsInOrderOnceEach() throws {
        let manifests = try Self.generator("certificate").manifests(townships: ["510623101", "510623100", "510623101"])
        #expect(manifests.map(\.name) == ["pension-certificate-510623101", "pension-certificate-510623100"])
        #expect(manifests[1].yaml.contains("partitions 0,1,2,3"))
        #expect(manifests[0].yaml.contains("claimName: \"pension-certificates\""))
    }

    @Test func refusesWhatItCannotDeploy() throws {
        #expect(throws: DeployError.self) { try Self.generator().manifests(townships: ["510623999"]) }
        var settings = PinnedDeployments.Settings(image: "pension:0.14.0")
        settings.namespace = "Pension_Drive"
        #expect(throws: DeployError.self) {
            try PinnedDeployments(stage: WorkerStage.all[0], plan: try Repository.plan(), townships: try Repository.townships(), settings: settings)
        }
        #expect(throws: DeployError.self) { try Self.generator(image: "pension 0.14") }
    }

    @Test func quotesValuesSafely() throws {
        let image = "repo/pen\"sion:1.0#x:{y}[z]&a*b!c|d>e'f%g@h`\u{7}"
        let manifest = try #require(try Self.generator(image: image).manifests(townships: ["510623101"]).first)
        let document = try #require(try Repository.documents(manifest.yaml).first)
        #expect(try Self.container(document)["image"] as? String == image)
    }

    @Test func usesTheConfigMapAndSecretOfDeployK8s() throws {
        let manifest = try #require(try Self.generator().manifests(townships: ["510623101"]).first)
        let document = try #require(try Repository.documents(manifest.yaml).first)
        let container = try Self.container(document)
        let maps = (container["envFrom"] as? [[String: Any]] ?? []).compactMap { KubernetesTests.dig($0, "configMapRef", "name") as? String }
        let existing = try KubernetesTests.objects("ConfigMap").map(KubernetesTests.name)
        #expect(!maps.isEmpty && maps.allSatisfy(existing.contains))
        let elastic = try #require(try KubernetesTests.objects("Deployment").first { KubernetesTests.name($0) == "pension-registration" })
        let pod = try #require(KubernetesTests.dig(document, "spec", "template", "spec") as? [String: Any])
        let elasticPod = try #require(KubernetesTests.dig(elastic, "spec", "template", "spec") as? [String: Any])
        func volumes(_ pod: [String: Any]) -> [String] {
            (pod["volumes"] as? [[String: Any]] ?? []).map { "\($0["name"] ?? "")/\(KubernetesTests.dig($0, "secret", "secretName") ?? "")" }
        }
        #expect(volumes(pod) == volumes(elasticPod))
        #expect(pod["terminationGracePeriodSeconds"] as? Int == elasticPod["terminationGracePeriodSeconds"] as? Int)
    }

    @Test func generatedManifestsValidate() throws {
        let directory = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var files: [URL] = []
        for stage in WorkerStage.all {
            let file = directory.appendingPathComponent("pinned-\(stage.name).yaml")
            try Self.generator(stage.name).yaml(townships: []).write(to: file, atomically: true, encoding: .utf8)
            files.append(file)
        }
        let result = try KubernetesValidation.validate(files)
        #expect(result.run.status == 0, "kubernetes-validate: \(result.run.output)\(result.run.errors)")
        #expect(result.passed.count == WorkerStage.all.count * (try Repository.townships().townships.count))
        #expect(result.unknownKinds.isEmpty)
    }

    @Test func commandPrintsValidDeployments() throws {
        let pension = try Tool.pension()
        let run = try Tool.run(pension, [
            "deploy", "k8s-pinned", "--stage", "payout", "--township", "510623100", "--township", "510623221",
            "--image", "pension:test", "--namespace", "drive",
        ])
        try #require(run.status == 0, "pension deploy k8s-pinned: \(run.errors)")
        let documents = try Repository.documents(run.output)
        #expect(documents.map(KubernetesTests.name) == ["pension-payout-510623100", "pension-payout-510623221"])
        #expect(documents.allSatisfy { KubernetesTests.dig($0, "metadata", "namespace") as? String == "drive" })
        let directory = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("pinned.yaml")
        try run.output.write(to: file, atomically: true, encoding: .utf8)
        let result = try KubernetesValidation.validate([file])
        #expect(result.run.status == 0 && result.passed.count == 2, "\(result.run.output)\(result.run.errors)")

        let unknown = try Tool.run(pension, ["deploy", "k8s-pinned", "--stage", "printing"])
        #expect(unknown.status != 0 && unknown.errors.contains("unknown stage"))
        let township = try Tool.run(pension, ["deploy", "k8s-pinned", "--stage", "payout", "--township", "510623999"])
        #expect(township.status != 0 && township.errors.contains("510623999"))
        let help = try Tool.run(pension, ["deploy", "k8s-pinned", "--help"])
        #expect(help.output.contains("one mode per consumer group"))
    }
}

extension PinnedDeploymentTests {
    @Test func aTownshipNameCannotBreakTheDocument() throws {
        let json = try Repository.text("config/townships.json")
            .replacingOccurrences(of: "\"凯江镇\"", with: "\"凯江镇\\nspec:\\r\\n  replicas: 9\"")
        let townships = try TownshipCatalog(decoding: Data(json.utf8))
        let plan = try PartitionPlan(decoding: Data(contentsOf: Repository.url("config/partition-plan.json")), townships: townships)
        let generator = try PinnedDeployments(
            stage: WorkerStage.all[0], plan: plan, townships: townships, settings: .init(image: "pension:0.14.0"))
        let manifest = try #require(try generator.manifests(townships: ["510623100"]).first)
        #expect(manifest.yaml.split(separator: "\n").first?.contains("replicas: 9") == true)
        let document = try #require(try Repository.documents(manifest.yaml).first)
        #expect(KubernetesTests.dig(document, "spec", "replicas") as? Int == 1)
    }
}
