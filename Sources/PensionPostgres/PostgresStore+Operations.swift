import Foundation
import PensionDomain
import PensionStore
import PostgresNIO

extension PostgresStore {
    public func acquireLease(_ lease: WorkerLease) async throws -> [WorkerLease] {
        throw PostgresStoreError.unbuilt(#function)
    }

    public func renewLease(holder: String, now: Date, expiresAt: Date) async throws -> Bool {
        throw PostgresStoreError.unbuilt(#function)
    }

    public func releaseLease(holder: String) async throws {
        throw PostgresStoreError.unbuilt(#function)
    }

    public func liveLeases(group: String?, now: Date) async throws -> [WorkerLease] {
        throw PostgresStoreError.unbuilt(#function)
    }

    public func recordLagSamples(_ samples: [LagSampleRecord], keepAfter: Date) async throws {
        throw PostgresStoreError.unbuilt(#function)
    }

    public func lagSamples(group: String) async throws -> [LagSampleRecord] {
        throw PostgresStoreError.unbuilt(#function)
    }

    public func recordOffsetReset(_ reset: OffsetResetRecord) async throws -> Int64 {
        throw PostgresStoreError.unbuilt(#function)
    }

    public func offsetResets(group: String?, limit: Int) async throws -> [OffsetResetRecord] {
        throw PostgresStoreError.unbuilt(#function)
    }
}
