import Foundation
import Hummingbird
import Logging
import NIOCore
import PensionDomain
import PensionMetrics
import PensionStore
import Prometheus
import ServiceLifecycle

/// `pension serve`: the drive's JSON API, the dashboard page, Prometheus `/metrics`, `/health` and `/ready`, as a
/// ServiceLifecycle service (Hummingbird). Everything it shows comes from the metrics projection and the targets;
/// no route returns personal data.
///
/// Routes:
/// - `GET /` the dashboard (`/dashboard.js`, `/dashboard.css`: no asset from anywhere else);
/// - `GET /api/progress[?date=YYYY-MM-DD]` county and townships against their targets on the business date;
/// - `GET /api/villages[?date=]` the villages; `GET /api/targets`; `GET /api/dead-letters`;
/// - `GET /api/panels` the extra panels of the ``DashboardExtension``s;
/// - `GET /metrics` Prometheus text format: this process's swift-metrics (through swift-prometheus) and the
///   projection's gauges;
/// - `GET /health` (the process answers), `GET /ready` (the store answers).
public struct PensionServer: Service {
    /// What the server reads.
    public struct Sources: Sendable {
        public var store: any MetricsStore
        public var targets: DriveTargets
        public var townships: TownshipCatalog
        /// The business date when a request names none.
        public var businessDate: CivilDate

        public init(store: any MetricsStore, targets: DriveTargets, townships: TownshipCatalog, businessDate: CivilDate) {
            self.store = store
            self.targets = targets
            self.townships = townships
            self.businessDate = businessDate
        }
    }

    private let application: Application<RouterResponder<BasicRequestContext>>

    /// - Parameters:
    ///   - sources: the store, targets, townships and business date.
    ///   - host: the address to bind (default loopback only).
    ///   - port: the port (0: any free one, reported to `onRunning`).
    ///   - registry: the Prometheus registry swift-metrics was bootstrapped with (its series are in `/metrics`).
    ///   - extensions: routes, panels and gauges added by other modules (consumer lag).
    ///   - logger: the server's logger.
    ///   - onRunning: called with the bound port once the server listens.
    public init(
        sources: Sources, host: String = "127.0.0.1", port: Int, registry: PrometheusCollectorRegistry,
        extensions: [any DashboardExtension] = [], logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        let router = Router()
        Self.addRoutes(to: router, sources: sources, registry: registry, extensions: extensions)
        for item in extensions { item.addRoutes(to: router) }
        application = Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "pension"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) }, logger: logger)
    }

    public func run() async throws { try await application.run() }

    static func addRoutes(
        to router: Router<BasicRequestContext>, sources: Sources, registry: PrometheusCollectorRegistry,
        extensions: [any DashboardExtension]
    ) {
        let gauges = ProjectionGauges(registry: registry)
        @Sendable func progress(_ request: Request) async throws -> DriveProgress {
            var date = sources.businessDate
            if let text = request.uri.queryParameters["date"] {
                guard let parsed = CivilDate(iso: String(text)) else {
                    throw HTTPError(.badRequest, message: "date must be YYYY-MM-DD")
                }
                date = parsed
            }
            return DriveProgress(counters: try await sources.store.metricsByVillage(), targets: sources.targets,
                                 townships: sources.townships, date: date)
        }
        router.get("/") { request, _ in
            let current = try await progress(request)
            return Response.text(Dashboard.page(initial: try JSON.encode(ProgressView(current))), type: "text/html; charset=utf-8")
        }
        router.get("/dashboard.js") { _, _ in Response.text(Dashboard.script, type: "text/javascript; charset=utf-8") }
        router.get("/dashboard.css") { _, _ in Response.text(Dashboard.style, type: "text/css; charset=utf-8") }
        router.get("/api/progress") { request, _ in Response.json(ProgressView(try await progress(request))) }
        router.get("/api/villages") { request, _ in Response.json(try await progress(request).villages) }
        router.get("/api/targets") { _, _ in Response.json(sources.targets) }
        router.get("/api/dead-letters") { request, _ in Response.json(DeadLetterView(try await progress(request))) }
        router.get("/api/panels") { _, _ in Response.json(extensions.flatMap(\.panels)) }
        router.get("/metrics") { request, _ in
            gauges.update(try await progress(request))
            for item in extensions { await item.sample(into: registry) }
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer)))
        }
        router.get("/health") { _, _ in Response.json(["status": "ok"]) }
        router.get("/ready") { _, _ in
            do {
                let counted = try await sources.store.metricsEventCount()
                return Response.json(["status": "ready", "eventsCounted": "\(counted)"])
            } catch {
                return Response.json(["status": "store unavailable"], status: .serviceUnavailable)
            }
        }
    }
}

/// `/api/progress`: the drive without its villages.
struct ProgressView: Codable, Sendable {
    var businessDate: CivilDate
    var launch: CivilDate
    var deadline: CivilDate
    var daysLeft: Int
    var elapsed: Double
    var county: UnitProgress
    var seed: DriveTargets.SeedFigures
    var townships: [UnitProgress]

    init(_ p: DriveProgress) {
        businessDate = p.businessDate
        launch = p.launch
        deadline = p.deadline
        daysLeft = p.daysLeft
        elapsed = p.elapsed
        county = p.county
        seed = p.seed
        townships = p.townships
    }
}

/// `/api/dead-letters`: the county's by stage and reason, and each township's total.
struct DeadLetterView: Codable, Sendable {
    struct Entry: Codable, Sendable {
        var stage: String
        var reason: String
        var count: Int
    }
    var total: Int
    var byReason: [Entry]
    var byTownship: [String: Int]

    init(_ p: DriveProgress) {
        total = p.county.counters.deadLetterTotal
        byReason = p.county.counters.deadLetters.flatMap { stage, reasons in
            reasons.map { Entry(stage: stage, reason: $0.key, count: $0.value) }
        }.sorted { ($0.stage, $0.reason) < ($1.stage, $1.reason) }
        byTownship = Dictionary(uniqueKeysWithValues: p.townships.map { ($0.code, $0.counters.deadLetterTotal) })
    }
}

enum JSON {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

extension Response {
    static func text(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
        let body = (try? JSON.encode(value)) ?? "{}"
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
