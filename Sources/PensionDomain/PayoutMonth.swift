/// A calendar month, written `YYYY-MM` (`2011-12`), the period of one payout.
public struct PayoutMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year.
    public let year: Int
    /// The month, 1...12.
    public let month: Int

    /// - Parameters:
    ///   - year: the year.
    ///   - month: 1...12.
    public init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    /// Parses `YYYY-MM`; `nil` for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month), year >= 1
        else { return nil }
        self.init(year: year, month: month)
    }

    /// The month after this one.
    public var next: PayoutMonth {
        month == 12 ? PayoutMonth(year: year + 1, month: 1) : PayoutMonth(year: year, month: month + 1)
    }

    /// `YYYY-MM`.
    public var description: String {
        let y = String(year)
        let m = String(month)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + (m.count == 1 ? "-0" : "-") + m
    }

    public static func < (lhs: PayoutMonth, rhs: PayoutMonth) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }
}
