import Metrics
import Prometheus

/// swift-metrics through swift-prometheus: bootstrapped once per process (by `pension serve` and the workers), so
/// the runtime's counters and timers land in one registry that `/metrics` writes out.
enum Observability {
    /// The process's registry; the first use bootstraps the metrics system with it.
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}
