import Foundation
import Hummingbird
import PensionOperations
import Prometheus

/// Consumer lag on `pension serve`: `GET /api/lag` (what `pension lag --json` prints), a dashboard panel per stage
/// and township (`GET /api/lag/panel`), and kafka_exporter's `kafka_consumergroup_lag` gauge with `consumergroup`,
/// `topic`, `partition` and `township` labels. One sample serves all three for `minimumInterval`, so page refreshes
/// and scrapes take samples at a steady pace and build the status window.
public struct LagDashboard: DashboardExtension {
    let cache: LagCache
    let townshipName: @Sendable (String) -> String?

    /// - Parameters:
    ///   - sampler: takes the samples.
    ///   - minimumInterval: the shortest time between two samples.
    ///   - townshipName: a township's name for its code.
    public init(sampler: LagSampler, minimumInterval: Duration, townshipName: @escaping @Sendable (String) -> String?) {
        cache = LagCache(sampler: sampler, minimumInterval: minimumInterval)
        self.townshipName = townshipName
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        let (cache, townshipName) = (cache, townshipName)
        router.get("/api/lag") { _, _ in Response.json(try await cache.snapshot()) }
        router.get("/api/lag/panel") { _, _ in Response.json(Self.table(try await cache.snapshot(), townshipName: townshipName)) }
    }

    public var panels: [DashboardPanel] {
        [DashboardPanel(id: "lag", title: "Consumer lag per stage and township", url: "/api/lag/panel")]
    }

    public func sample(into registry: PrometheusCollectorRegistry) async {
        guard let snapshot = try? await cache.snapshot() else { return }
        for group in snapshot.groups {
            for partition in group.partitions {
                registry.makeGauge(
                    name: "kafka_consumergroup_lag",
                    labels: [
                        ("consumergroup", group.group), ("topic", partition.topic), ("partition", String(partition.partition)),
                        ("township", partition.township ?? ""),
                    ]
                ).set(Double(partition.lag))
            }
        }
    }

    /// One row per group and township that ever held a message: lag, age of the oldest unprocessed message, status.
    static func table(_ snapshot: LagSnapshot, townshipName: (String) -> String?) -> PanelTable {
        let active = Set(snapshot.groups.flatMap(\.partitions).filter { $0.logEnd > 0 }.map { $0.township ?? "-" })
        let rows = snapshot.byTownship.filter { active.contains($0.township) }
            .sorted { ($0.group, $0.township) < ($1.group, $1.township) }
            .map { entry in
                [
                    entry.group, entry.township, townshipName(entry.township) ?? "-", String(entry.lag),
                    entry.timeLagSeconds.map { String(format: "%.0f s", $0) } ?? "-", entry.status.rawValue,
                ]
            }
        return PanelTable(columns: ["group", "township", "name", "lag", "oldest unprocessed", "status"], rows: rows)
    }
}

/// The latest lag sample, taken again when older than the minimum interval; concurrent callers share one sample.
actor LagCache {
    private let sampler: LagSampler
    private let minimumInterval: Duration
    private var latest: (taken: ContinuousClock.Instant, snapshot: LagSnapshot)?
    private var pending: Task<LagSnapshot, any Error>?

    init(sampler: LagSampler, minimumInterval: Duration) {
        self.sampler = sampler
        self.minimumInterval = minimumInterval
    }

    func snapshot() async throws -> LagSnapshot {
        if let latest, ContinuousClock.now - latest.taken < minimumInterval { return latest.snapshot }
        if let pending { return try await pending.value }
        let task = Task { [sampler] in try await sampler.sample() }
        pending = task
        defer { pending = nil }
        let snapshot = try await task.value
        latest = (ContinuousClock.now, snapshot)
        return snapshot
    }
}
