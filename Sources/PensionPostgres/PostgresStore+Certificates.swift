import Foundation
import PensionDomain
import PensionStore
import PostgresNIO

extension PostgresStore {
    public func apply(
        _ batch: StageBatch<CertificateRecord>,
        finalize: @escaping @Sendable (CertificateRecord, CertificateAssignment, [OutboxMessage]) throws
            -> [OutboxMessage]
    ) async throws -> [AppliedEvent<CertificateOutcome>] {
        throw PostgresStoreError.unbuilt(#function)
    }

    public func pendingRuns(includingRendered: Bool, staleClaimsBefore: Date) async throws -> [PrintRun] {
        throw PostgresStoreError.unbuilt(#function)
    }

    public func claimForSending(run: Int, printer: String, at time: Date, staleClaimsBefore: Date) async throws -> Bool {
        throw PostgresStoreError.unbuilt(#function)
    }

    public func markRendered(run: Int, bytes: Int, at time: Date) async throws {
        throw PostgresStoreError.unbuilt(#function)
    }

    public func markSent(run: Int, printer: String, job: String) async throws {
        throw PostgresStoreError.unbuilt(#function)
    }

    public func reprint(number: String, reason: String, requestedBy: String, at time: Date) async throws -> PrintRun? {
        throw PostgresStoreError.unbuilt(#function)
    }

    public func issuedPage(number: String) async throws -> CertificatePage? {
        throw PostgresStoreError.unbuilt(#function)
    }

    public func certificateStatus() async throws -> [CertificateTownshipStatus] {
        throw PostgresStoreError.unbuilt(#function)
    }
}
