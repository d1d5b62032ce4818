import Foundation
import Kafka
import PensionDomain
import PensionHTTP
import PensionMetrics
import PensionStore
import PensionWorkers
import ServiceLifecycle

extension AppContext {
    /// The metrics stage's handler over every topic of the catalog.
    func metricsHandler(store: any DriveStore) -> MetricsHandler {
        MetricsHandler(topics: topics, plan: plan, store: store, logger: logger)
    }

    /// The targets: `metrics.targetsFile` (env `METRICS_TARGETS_FILE`), else `targets.json` of the configuration
    /// (the directory's, else built in).
    func driveTargets(override: String? = nil) throws -> DriveTargets {
        let path = override ?? config.string(forKey: "metrics.targetsFile", default: "")
        do {
            if !path.isEmpty { return try DriveTargets.load(from: URL(fileURLWithPath: path)) }
            return try DriveTargets.load(files.data("targets.json"), source: files.source("targets.json"))
        } catch let error as TargetsError {
            throw CLIError(error.description)
        }
    }

    /// The worker's own `/metrics` endpoint when a port is given (`--metrics-port`, else `metrics.workerPort`;
    /// 0 or none: no endpoint). Bootstraps Prometheus either way, so the runtime's series are collected.
    func metricsEndpoint(port: Int?) -> [any Service] {
        let registry = Observability.registry
        let port = port ?? config.int(forKey: "metrics.workerPort", default: 0)
        guard port > 0 else { return [] }
        let host = config.string(forKey: "http.host", default: "127.0.0.1")
        logger.info("worker metrics endpoint", metadata: ["http.port": "\(port)"])
        return [MetricsEndpoint(host: host, port: port, registry: registry, logger: logger)]
    }

    /// The drive's progress on `date` from the store's projection.
    func driveProgress(store: any DriveStore, targets: DriveTargets, date: CivilDate) async throws -> DriveProgress {
        DriveProgress(counters: try await store.metricsByVillage(), targets: targets, townships: townships, date: date)
    }
}
