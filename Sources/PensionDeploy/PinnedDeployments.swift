import PensionDomain

/// Kubernetes Deployments that pin a stage's workers to townships: one Deployment per township, running
/// `pension worker STAGE --township CODE` on exactly the partitions the partition plan gives that township.
///
/// Pinned and elastic workers of one stage exclude each other (one mode per consumer group): a pinned worker refuses
/// to start while the stage's group has elastic members. Scale the stage's elastic Deployment to 0 and pause its
/// KEDA ScaledObject before applying these. The pods use the same ConfigMap and store Secret as the elastic
/// Deployments in `deploy/k8s`.
public struct PinnedDeployments: Sendable {
    /// What the generated pods run with.
    public struct Settings: Sendable {
        /// The container image.
        public var image: String
        /// The namespace of the Deployments.
        public var namespace = "pension"
        /// The ConfigMap every variable of the workers comes from (`KAFKA_BOOTSTRAP`, `STORE_URL`, …).
        public var configMap = "pension-env"
        /// The Secret holding the store's password under the key `password`.
        public var storeSecret = "pension-store"
        /// The PersistentVolumeClaim of the certificate spool (certificate stage only).
        public var certificateClaim = "pension-certificates"
        /// The port of the worker's `/metrics` and `/health` (`METRICS_WORKER_PORT` in the ConfigMap).
        public var metricsPort = 9400
        /// Seconds Kubernetes waits after SIGTERM; longer than `worker.shutdownTimeoutMs`.
        public var terminationGracePeriodSeconds = 30

        /// - Parameter image: the container image, e.g. `pension:0.14.0`.
        public init(image: String) {
            self.image = image
        }
    }

    /// One generated Deployment.
    public struct Manifest: Sendable, Equatable {
        /// The Deployment's name, `pension-<stage>-<township>`.
        public let name: String
        /// The township it is pinned to.
        public let township: String
        /// The `pension` arguments its container runs.
        public let arguments: [String]
        /// The Deployment as one YAML document.
        public let yaml: String
    }

    let stage: WorkerStage
    let plan: PartitionPlan
    let townships: TownshipCatalog
    let settings: Settings

    /// - Parameters:
    ///   - stage: the stage to pin.
    ///   - plan: the partition plan (every township in it may be pinned).
    ///   - townships: the township catalog, for the names in the comments.
    ///   - settings: image, namespace and the objects the pods refer to.
    /// - Throws: ``DeployError`` when the namespace is not a DNS-1123 label or the image is empty.
    public init(stage: WorkerStage, plan: PartitionPlan, townships: TownshipCatalog, settings: Settings) throws {
        guard KubernetesName.isLabel(settings.namespace) else {
            throw DeployError("namespace \(settings.namespace) is not a DNS-1123 label")
        }
        guard !settings.image.isEmpty, !settings.image.contains(where: \.isWhitespace) else {
            throw DeployError("the image must be a non-empty reference without spaces")
        }
        self.stage = stage
        self.plan = plan
        self.townships = townships
        self.settings = settings
    }

    /// One Deployment per township, in the order given (each once); every township of the catalog when `codes` is
    /// empty.
    ///
    /// - Parameter codes: 9-digit township codes.
    /// - Throws: ``DeployError`` for a code the partition plan does not have.
    public func manifests(townships codes: [String]) throws -> [Manifest] {
        var seen: Set<String> = []
        let chosen = (codes.isEmpty ? townships.townships.map(\.code) : codes).filter { seen.insert($0).inserted }
        return try chosen.map { code in
            guard let partitions = plan.partitions(of: code) else {
                throw DeployError("township \(code) is not in the partition plan")
            }
            return manifest(code: code, partitions: partitions)
        }
    }

    /// The Deployments of ``manifests(townships:)`` as one multi-document YAML text.
    ///
    /// - Parameter codes: 9-digit township codes; empty for every township.
    /// - Throws: ``DeployError`` for a code the partition plan does not have.
    public func yaml(townships codes: [String]) throws -> String {
        try manifests(townships: codes).map { "---\n" + $0.yaml }.joined()
    }

    func manifest(code: String, partitions: [Int32]) -> Manifest {
        let name = "pension-\(stage.name)-\(code)"
        let arguments = ["worker", stage.name, "--township", code]
        let labels = [
            ("app.kubernetes.io/name", "pension"), ("app.kubernetes.io/component", "\(stage.name)-worker"),
            ("pension/stage", stage.name), ("pension/mode", "pinned"), ("pension/township", code),
        ]
        let q = YAMLText.quoted
        var y = YAMLText()
        let township = townships[code: code].map { " \($0.name)" } ?? ""
        y.line(0, YAMLText.comment("# \(stage.name) worker pinned to township \(code)\(township), partitions ")
            + partitions.map(String.init).joined(separator: ","))
        y.line(0, "apiVersion: apps/v1")
        y.line(0, "kind: Deployment")
        y.line(0, "metadata:")
        y.line(1, "name: \(q(name))")
        y.line(1, "namespace: \(q(settings.namespace))")
        y.line(1, "labels:")
        for (key, value) in labels { y.line(2, "\(key): \(q(value))") }
        y.line(0, "spec:")
        y.line(1, "replicas: 1")
        // Never two pods of one township at once: the second would be refused its partitions' lease.
        y.line(1, "strategy:")
        y.line(2, "type: Recreate")
        y.line(1, "selector:")
        y.line(2, "matchLabels:")
        for (key, value) in labels where key != "app.kubernetes.io/component" { y.line(3, "\(key): \(q(value))") }
        y.line(1, "template:")
        y.line(2, "metadata:")
        y.line(3, "labels:")
        for (key, value) in labels { y.line(4, "\(key): \(q(value))") }
        y.line(2, "spec:")
        y.line(3, "terminationGracePeriodSeconds: \(settings.terminationGracePeriodSeconds)")
        y.line(3, "securityContext:")
        y.line(4, "runAsNonRoot: true")
        y.line(4, "runAsUser: 10001")
        y.line(4, "runAsGroup: 10001")
        y.line(4, "fsGroup: 10001")
        y.line(3, "containers:")
        y.line(4, "- name: worker")
        y.line(5, "image: \(q(settings.image))")
        y.line(5, "args: \(YAMLText.list(arguments))")
        y.line(5, "envFrom:")
        y.line(6, "- configMapRef:")
        y.line(8, "name: \(q(settings.configMap))")
        y.line(5, "env:")
        y.line(6, "- name: STORE_PASSWORD_FILE")
        y.line(7, "value: \"/run/secrets/pension/store-password\"")
        y.line(5, "ports:")
        y.line(6, "- name: metrics")
        y.line(7, "containerPort: \(settings.metricsPort)")
        for probe in ["livenessProbe", "readinessProbe"] {
            y.line(5, "\(probe):")
            y.line(6, "httpGet:")
            y.line(7, "path: \"/health\"")
            y.line(7, "port: \"metrics\"")
            y.line(6, "periodSeconds: 10")
            y.line(6, "failureThreshold: \(probe == "livenessProbe" ? 6 : 3)")
        }
        y.line(5, "resources:")
        y.line(6, "requests:")
        y.line(7, "cpu: \"250m\"")
        y.line(7, "memory: \"256Mi\"")
        y.line(6, "limits:")
        y.line(7, "memory: \"1Gi\"")
        y.line(5, "securityContext:")
        y.line(6, "allowPrivilegeEscalation: false")
        y.line(6, "capabilities:")
        y.line(7, "drop: [\"ALL\"]")
        y.line(5, "volumeMounts:")
        y.line(6, "- name: store-password")
        y.line(7, "mountPath: \"/run/secrets/pension\"")
        y.line(7, "readOnly: true")
        if stage.name == "certificate" {
            y.line(6, "- name: certificates")
            y.line(7, "mountPath: \"/var/lib/pension/certificates\"")
        }
        y.line(3, "volumes:")
        y.line(4, "- name: store-password")
        y.line(5, "secret:")
        y.line(6, "secretName: \(q(settings.storeSecret))")
        y.line(6, "items:")
        y.line(7, "- key: \"password\"")
        y.line(8, "path: \"store-password\"")
        if stage.name == "certificate" {
            y.line(4, "- name: certificates")
            y.line(5, "persistentVolumeClaim:")
            y.line(6, "claimName: \(q(settings.certificateClaim))")
        }
        return Manifest(name: name, township: code, arguments: arguments, yaml: y.text)
    }
}
