import PensionDomain

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
