import Foundation
import Logging
import PensionDomain
import PensionStore
import PostgresNIO

extension PostgresStore {
    /// Applies one metrics batch; see ``MetricsStore/apply(_:)``.
    public func apply(_ batch: StageBatch<MetricsRecord>) async throws -> [AppliedEvent<MetricsOutcome>] {
        try await apply(batch, stage: StoreStage.metrics, writer: PostgresMetricsWriter.apply)
    }

    /// The counters per township and village; see ``MetricsStore/metricsByVillage()``.
    public func metricsByVillage() async throws -> [VillageCounters] {
        let logger = logger
        return try await transaction("reading the metrics") { connection in
            try await PostgresMetricsWriter.read(on: connection, logger)
        }
    }

    /// Drops the projection; see ``MetricsStore/resetMetrics()``.
    public func resetMetrics() async throws {
        let logger = logger
        try await transaction("dropping the metrics") { connection in
            for table in ["metrics_residents", "metrics_payments", "metrics_counts"] {
                try await connection.run(PostgresQuery(unsafeSQL: "DELETE FROM \(table)"), logger)
            }
            try await connection.run("DELETE FROM event_counts WHERE stage = \(StoreStage.metrics)", logger)
            try await connection.run("DELETE FROM event_gate WHERE stage = \(StoreStage.metrics)", logger)
        }
    }

    /// Events the metrics stage has applied; see ``MetricsStore/metricsEventCount()``.
    public func metricsEventCount() async throws -> Int {
        let logger = logger
        return try await connection("counting metrics events") { connection in
            try await connection.run("SELECT COUNT(*) FROM event_gate WHERE stage = \(StoreStage.metrics)", logger)
                .first?.decode(Int.self) ?? 0
        }
    }
}

/// Applies metrics records inside the caller's transaction, as `MetricsWriter` does on SQLite, and reads the
/// counters back.
enum PostgresMetricsWriter {
    static func apply(_ records: [MetricsRecord], on connection: PostgresConnection, _ logger: Logger) async throws
        -> [MetricsOutcome]
    {
        var outcomes: [MetricsOutcome] = []
        outcomes.reserveCapacity(records.count)
        for record in records {
            outcomes.append(try await apply(record, on: connection, logger))
        }
        return outcomes
    }

    private static func apply(_ record: MetricsRecord, on connection: PostgresConnection, _ logger: Logger)
        async throws -> MetricsOutcome
    {
        let township = record.townshipCode
        func count(_ metric: String, _ village: String, _ stage: String, _ reason: String) async throws {
            try await connection.run(
                """
                INSERT INTO metrics_counts (metric, township_code, village_code, stage, reason, count)
                VALUES (\(metric), \(township), \(village), \(stage), \(reason), 1)
                ON CONFLICT (metric, township_code, village_code, stage, reason)
                    DO UPDATE SET count = metrics_counts.count + 1
                """, logger)
        }
        /// Creates or updates the resident's row; `set` assigns the fact's columns (`$3` is `value`). The village
        /// is kept from the first event that carried one.
        func resident(_ id: String, _ village: String, set: String, _ value: String? = nil) async throws {
            try await connection.run(
                """
                INSERT INTO metrics_residents (resident_id, township_code) VALUES (\(id), \(township))
                ON CONFLICT DO NOTHING
                """, logger)
            var binds = PostgresBindings()
            binds.append(id)
            binds.append(village)
            if let value { binds.append(value) }
            try await connection.run(
                PostgresQuery(
                    unsafeSQL: """
                        UPDATE metrics_residents SET \(set), village_code = COALESCE(village_code, NULLIF($2, ''))
                        WHERE resident_id = $1
                        """, binds: binds), logger)
        }
        switch record.fact {
        case .ignored:
            return .ignored
        case .submitted(let village):
            try await count("submitted", village, "", "")
        case .payoutFailed(let reason):
            try await count("payout_failed", "", "", reason)
        case .deadLetter(let stage, let reason):
            try await count("dead_letter", "", stage, reason)
        case .enrolled(let id, let village):
            try await resident(id, village, set: "enrolled = true")
        case .verified(let id, let village):
            try await resident(id, village, set: "verified = true")
        case .rejected(let id, let village, let reason):
            try await resident(id, village, set: "rejected_reason = $3", reason)
        case .eligible(let id, let village):
            try await resident(id, village, set: "pension = 'eligible', held_reason = NULL")
        case .held(let id, let village, let reason):
            // Once eligible, a pensioner stays eligible (a release comes after the hold on the same partition).
            try await resident(
                id, village,
                set: """
                    held_reason = CASE WHEN pension = 'eligible' THEN NULL ELSE $3 END,
                    pension = CASE WHEN pension = 'eligible' THEN 'eligible' ELSE 'held' END
                    """,
                reason)
        case .released(let id, let village):
            try await resident(id, village, set: "pension = 'eligible', held_reason = NULL, released = true")
        case .certificatePrinted(let id, let village):
            try await resident(id, village, set: "certificate = true")
        case .bankCard(let id):
            try await resident(id, "", set: "bank_card = true")
        case .paid(let id, let month, let amountFen):
            try await connection.run(
                """
                INSERT INTO metrics_payments (resident_id, month, township_code, amount_fen)
                VALUES (\(id), \(month), \(township), \(Int64(amountFen)))
                ON CONFLICT (resident_id, month) DO NOTHING
                """, logger)
        }
        return .counted
    }

    static func read(on connection: PostgresConnection, _ logger: Logger) async throws -> [VillageCounters] {
        var counters = MetricsByPlace()
        for row in try await connection.run(
            """
            SELECT township_code, COALESCE(village_code, ''), COUNT(*) FILTER (WHERE enrolled),
                COUNT(*) FILTER (WHERE verified), COUNT(*) FILTER (WHERE pension = 'eligible'),
                COUNT(*) FILTER (WHERE released), COUNT(*) FILTER (WHERE certificate), COUNT(*) FILTER (WHERE bank_card)
            FROM metrics_residents GROUP BY 1, 2
            """, logger)
        {
            let (township, village, enrolled, verified, eligible, released, certificates, bankCards) = try row.decode(
                (String, String, Int, Int, Int, Int, Int, Int).self)
            counters.residents(
                township: township, village: village, enrolled: enrolled, verified: verified, eligible: eligible,
                released: released, certificates: certificates, bankCards: bankCards)
        }
        for row in try await connection.run(
            """
            SELECT township_code, COALESCE(village_code, ''), rejected_reason, COUNT(*) FROM metrics_residents
            WHERE rejected_reason IS NOT NULL GROUP BY 1, 2, 3
            """, logger)
        {
            let (township, village, reason, count) = try row.decode((String, String, String, Int).self)
            counters.rejected(township: township, village: village, reason: reason, count: count)
        }
        for row in try await connection.run(
            """
            SELECT township_code, COALESCE(village_code, ''), held_reason, COUNT(*) FROM metrics_residents
            WHERE pension = 'held' GROUP BY 1, 2, 3
            """, logger)
        {
            let (township, village, reason, count) = try row.decode((String, String, String, Int).self)
            counters.held(township: township, village: village, reason: reason, count: count)
        }
        for row in try await connection.run(
            """
            SELECT p.township_code, COALESCE(r.village_code, ''), COUNT(DISTINCT p.resident_id), COUNT(*),
                COALESCE(SUM(p.amount_fen), 0)::bigint
            FROM metrics_payments p LEFT JOIN metrics_residents r ON r.resident_id = p.resident_id GROUP BY 1, 2
            """, logger)
        {
            let (township, village, pensioners, payouts, fen) = try row.decode((String, String, Int, Int, Int).self)
            counters.payments(township: township, village: village, pensioners: pensioners, payouts: payouts, fen: fen)
        }
        for row in try await connection.run(
            "SELECT metric, township_code, village_code, stage, reason, count FROM metrics_counts", logger)
        {
            let (metric, township, village, stage, reason, count) = try row.decode(
                (String, String, String, String, String, Int).self)
            counters.count(
                metric: metric, township: township, village: village, stage: stage, reason: reason, count: count)
        }
        return counters.villages
    }
}
