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

/// One pensioner's line on a village's public notice.
public struct NoticeEntry: Sendable, Hashable {
    /// The 12-digit village code.
    public var villageCode: String
    /// The 18-character resident ID (printed masked).
    public var residentId: String
    /// The name.
    public var name: String
    /// The monthly pension in fen.
    public var monthlyAmountFen: Int
    /// The first month paid.
    public var firstPaidMonth: String
    /// The day posted.
    public var postedOn: CivilDate
}

/// A pensioner to pay in a month.
public struct PensionerDue: Sendable, Hashable {
    /// The 18-character resident ID.
    public var residentId: String
    /// The 9-digit township code.
    public var townshipCode: String
    /// The 12-digit village code.
    public var villageCode: String
    /// The monthly pension in fen.
    public var monthlyAmountFen: Int
}

/// One bank batch file's content.
public struct BankBatch: Sendable, Hashable {
    /// `YYYY-MM-<township>-<nnn>`.
    public var batchId: String
    /// The month paid.
    public var month: String
    /// The 9-digit township code.
    public var townshipCode: String
    /// The records in file order.
    public var records: [BankBatchRecord]
    /// The control total: the sum of the records' amounts, in fen.
    public var totalFen: Int

    /// Creates a batch; see the properties.
    public init(batchId: String, month: String, townshipCode: String, records: [BankBatchRecord], totalFen: Int) {
        self.batchId = batchId
        self.month = month
        self.townshipCode = townshipCode
        self.records = records
        self.totalFen = totalFen
    }
}

/// One record of a bank batch file.
public struct BankBatchRecord: Sendable, Hashable {
    /// The social-insurance number (the resident ID, Social Insurance Law art. 58).
    public var residentId: String
    /// The name.
    public var name: String
    /// The 12-digit village code (division code).
    public var villageCode: String
    /// The card or passbook to credit (unmasked: the bank file is the one place it is).
    public var cardNumber: String
    /// The amount in fen.
    public var amountFen: Int
    /// Which attempt of this month's payment this is (1 the first).
    public var attempt: Int

    /// Creates a record; see the properties.
    public init(residentId: String, name: String, villageCode: String, cardNumber: String, amountFen: Int, attempt: Int) {
        self.residentId = residentId
        self.name = name
        self.villageCode = villageCode
        self.cardNumber = cardNumber
        self.amountFen = amountFen
        self.attempt = attempt
    }
}

/// One township's ledger for a month.
public struct LedgerSummary: Sendable, Hashable {
    /// The 9-digit township code.
    public var townshipCode: String
    /// Count and fen by status (`held_no_card`, `ready`, `batched`, `paid`, `stopped`).
    var counts: [String: [Int]]

    init(townshipCode: String, counts: [String: [Int]] = [:]) {
        self.townshipCode = townshipCode
        self.counts = counts
    }

    /// Payments with `status`.
    public func count(_ status: String) -> Int { counts[status]?[0] ?? 0 }
    /// Fen of the payments with `status`.
    public func fen(_ status: String) -> Int { counts[status]?[1] ?? 0 }
}
