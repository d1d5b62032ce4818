import Foundation
import Kafka
import PensionOperations
import PensionStore
import PensionWorkers
import ServiceLifecycle

extension AppContext {
    /// An admin client on the configured cluster.
    func admin() throws -> KafkaAdmin {
        try KafkaAdmin.make(configuration: kafka, logger: logger)
    }

    /// The lag sampler with the configured window.
    func lagSampler(store: any OperationsStore) throws -> LagSampler {
        var sampler = LagSampler(admin: try admin(), store: store, topics: topics, plan: plan)
        sampler.evaluator = LagEvaluator(windowSamples: config.int(forKey: "lag.windowSamples", default: 10))
        sampler.keepSamples = Double(config.int(forKey: "lag.keepHours", default: 24)) * 3600
        return sampler
    }

    /// The lease a worker of `group` runs under: elastic for the group scope, pinned to the partitions otherwise.
    func leased<S: Service>(_ worker: S, group: String, scope: StageScope, store: any OperationsStore) throws -> LeasedService<S> {
        var settings = WorkerLeaseGuard.Settings()
        settings.lease = .seconds(config.int(forKey: "worker.leaseSeconds", default: 45))
        settings.renewEvery = .seconds(config.int(forKey: "worker.leaseRenewSeconds", default: 5))
        let (mode, partitions): (WorkerLease.Mode, [Int32]) = switch scope {
        case .group: (.elastic, [])
        case .partitions(let owned): (.pinned, owned)
        }
        let (plan, townships) = (plan, townships)
        let guardian = WorkerLeaseGuard(
            store: store, admin: try admin(), group: group, mode: mode, partitions: partitions, settings: settings,
            describe: { partition in
                plan.township(ofPartition: partition).map { "\($0) \(townships[code: $0]?.name ?? "")" } ?? "partition \(partition)"
            }, logger: logger)
        return LeasedService(worker, lease: guardian)
    }

    /// Who is running this command, for audit rows: `SUDO_USER`, else `USER`, else `unknown`.
    static var operatorName: String {
        let environment = ProcessInfo.processInfo.environment
        return environment["SUDO_USER"] ?? environment["USER"] ?? "unknown"
    }
}
