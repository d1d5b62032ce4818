import Foundation
import PensionDomain
import PensionStore
import PostgresNIO

extension PostgresStore {
    public func apply(
        _ batch: StageBatch<EligibilityRecord>, rules: PensionRules,
        followUps: @escaping @Sendable (EligibilityRecord, EligibilityChange) throws -> [OutboxMessage]
    ) async throws -> [AppliedEvent<EligibilityOutcome>] {
        throw PostgresStoreError.unbuilt(#function)
    }

    public func eligibilitySummaries() async throws -> [EligibilitySummary] {
        throw PostgresStoreError.unbuilt(#function)
    }

    public func issuedCardCounts() async throws -> [String: Int] {
        throw PostgresStoreError.unbuilt(#function)
    }

    public func apply(_ batch: StageBatch<PayoutRecord>) async throws -> [AppliedEvent<PayoutOutcome>] {
        throw PostgresStoreError.unbuilt(#function)
    }

    public func postNotices(on date: CivilDate) async throws -> [NoticeEntry] {
        throw PostgresStoreError.unbuilt(#function)
    }

    public func pensionersDue(month: String, today: CivilDate, noticeDays: Int) async throws -> [PensionerDue] {
        throw PostgresStoreError.unbuilt(#function)
    }

    public func makeBankBatches(month: String, size: Int) async throws -> [BankBatch] {
        throw PostgresStoreError.unbuilt(#function)
    }

    public func ledgerSummaries(month: String) async throws -> [LedgerSummary] {
        throw PostgresStoreError.unbuilt(#function)
    }
}
