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

    /// One group of a month's ledger rows: township, status, count, fen.
    package typealias Group = (townshipCode: String, status: String, count: Int, fen: Int)

    /// The summaries of the groups, sorted by township code.
    package static func byTownship(_ groups: [Group]) -> [LedgerSummary] {
        var summaries: [String: LedgerSummary] = [:]
        for group in groups {
            summaries[group.townshipCode, default: LedgerSummary(townshipCode: group.townshipCode)]
                .counts[group.status] = [group.count, group.fen]
        }
        return summaries.values.sorted { $0.townshipCode < $1.townshipCode }
    }
}
