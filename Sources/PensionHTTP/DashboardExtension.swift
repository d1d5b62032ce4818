import Hummingbird
import Prometheus

/// What another module adds to `pension serve` in one place: its API routes, its dashboard panels and the
/// Prometheus series it samples before each scrape. Consumer lag arrives this way (``LagDashboard``).
public protocol DashboardExtension: Sendable {
    /// Adds routes to the server's router (e.g. `GET /api/lag`).
    func addRoutes(to router: Router<BasicRequestContext>)
    /// The panels the dashboard shows for this extension; each is fetched from its URL and drawn as a table.
    var panels: [DashboardPanel] { get }
    /// Called before `/metrics` is written: set the extension's gauges in `registry`.
    func sample(into registry: PrometheusCollectorRegistry) async
}

/// A dashboard panel: a table the page fetches from `url` and refreshes with the rest. The URL answers JSON
/// `{"columns": [...], "rows": [[...], ...]}`; cells are shown as text (never HTML).
public struct DashboardPanel: Sendable, Codable, Hashable {
    /// A stable id: the panel's element is `panel-<id>`.
    public var id: String
    /// The heading.
    public var title: String
    /// Where its table comes from.
    public var url: String

    public init(id: String, title: String, url: String) {
        self.id = id
        self.title = title
        self.url = url
    }
}

/// The JSON of a ``DashboardPanel``'s URL.
public struct PanelTable: Sendable, Codable, Hashable {
    public var columns: [String]
    public var rows: [[String]]

    public init(columns: [String], rows: [[String]]) {
        self.columns = columns
        self.rows = rows
    }
}
