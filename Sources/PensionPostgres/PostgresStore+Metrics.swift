import Foundation
import PensionDomain
import PensionStore
import PostgresNIO

extension PostgresStore {
    public func apply(_ batch: StageBatch<MetricsRecord>) async throws -> [AppliedEvent<MetricsOutcome>] {
        throw PostgresStoreError.unbuilt(#function)
    }

    public func metricsByVillage() async throws -> [VillageCounters] {
        throw PostgresStoreError.unbuilt(#function)
    }

    public func resetMetrics() async throws {
        throw PostgresStoreError.unbuilt(#function)
    }

    public func metricsEventCount() async throws -> Int {
        throw PostgresStoreError.unbuilt(#function)
    }
}
