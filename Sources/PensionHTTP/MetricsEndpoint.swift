import Hummingbird
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle

/// A worker process's own `/metrics` (and `/health`), on its configured port: the runtime's swift-metrics series
/// (`pension_worker_*`) from the Prometheus registry the process bootstrapped.
public struct MetricsEndpoint: Service {
    private let application: Application<RouterResponder<BasicRequestContext>>

    /// - Parameters:
    ///   - host: the address to bind (default loopback only).
    ///   - port: the port (0: any free one).
    ///   - registry: the process's registry.
    ///   - logger: the endpoint's logger.
    ///   - onRunning: called with the bound port.
    public init(host: String = "127.0.0.1", port: Int, registry: PrometheusCollectorRegistry, logger: Logger,
                onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) {
        let router = Router()
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        router.get("/health") { _, _ in Response.json(["status": "ok"]) }
        application = Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "pension-worker"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) }, logger: logger)
    }

    public func run() async throws { try await application.run() }
}
