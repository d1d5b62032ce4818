/// The metrics projection's side of the store: counters kept from every stage's topics by the metrics worker,
/// dropped and rebuilt by `pension metrics rebuild`. SQLite implements it (``SQLiteStore``); another backend
/// implements the same four calls.
public protocol MetricsStore: Sendable {
    /// Applies one batch of the metrics stage in one transaction, each message through the event gate, so a
    /// redelivered message counts once.
    /// - Throws: a database error; then nothing was written.
    func apply(_ batch: StageBatch<MetricsRecord>) async throws -> [AppliedEvent<MetricsOutcome>]

    /// The counters per township and village (village empty where unknown), by township and village code.
    /// - Throws: a database error.
    func metricsByVillage() async throws -> [VillageCounters]

    /// Drops the projection: its tables' rows and the metrics stage's event-gate rows, in one transaction.
    /// - Throws: a database error.
    func resetMetrics() async throws

    /// Whether the projection has counted anything (for `/ready`).
    /// - Throws: a database error.
    func metricsEventCount() async throws -> Int
}

extension StoreStage {
    /// The metrics projection: `metrics`.
    public static let metrics = "metrics"
}
