import PensionDomain

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

    /// The ID of a month's `sequence`-th batch of a township: `YYYY-MM-<township>-<nnn>`.
    package static func id(month: String, townshipCode: String, sequence: Int) -> String {
        let digits = String(sequence)
        return "\(month)-\(townshipCode)-" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }
}
