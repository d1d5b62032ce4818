import PensionDomain

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

    package init(
        villageCode: String, residentId: String, name: String, monthlyAmountFen: Int, firstPaidMonth: String,
        postedOn: CivilDate
    ) {
        self.villageCode = villageCode
        self.residentId = residentId
        self.name = name
        self.monthlyAmountFen = monthlyAmountFen
        self.firstPaidMonth = firstPaidMonth
        self.postedOn = postedOn
    }
}
