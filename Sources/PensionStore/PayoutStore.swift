import Foundation
import PensionDomain

/// The payout side of the store: the ledger the payout stage writes, and the operator commands' reads and writes
/// (public notice, schedule, bank batches).
public protocol PayoutStore: Sendable {
    /// Applies one payout batch in one transaction (gate, ledger, cards, dead letters).
    /// - Returns: one result per event; an event applied before returns its stored outbox.
    /// - Throws: a database error; then nothing was written.
    func apply(_ batch: StageBatch<PayoutRecord>) async throws -> [AppliedEvent<PayoutOutcome>]

    /// Posts the public notice (公示) of every pensioner eligible on or before `date` and not posted yet, dated `date`,
    /// and returns every entry posted on `date` (including earlier runs of the same day), by village and resident.
    /// - Throws: a database error.
    func postNotices(on date: CivilDate) async throws -> [NoticeEntry]

    /// The eligible pensioners to pay for `month` on business date `today`: first paid month not after `month`,
    /// notice posted at least `noticeDays` days before `today`.
    /// - Throws: a database error.
    func pensionersDue(month: String, today: CivilDate, noticeDays: Int) async throws -> [PensionerDue]

    /// Puts every `ready` payment of `month` into new bank batches of at most `size` records per township (marking
    /// them `batched`, one attempt more), and returns all of the month's batches, old and new.
    /// - Throws: a database error.
    func makeBankBatches(month: String, size: Int) async throws -> [BankBatch]

    /// The ledger of a month, by status, per township.
    /// - Throws: a database error.
    func ledgerSummaries(month: String) async throws -> [LedgerSummary]
}
