/// The pension rules the eligibility and payout stages apply, read from `config/pension.json` (`pension.*` keys); the
/// defaults are the 2011 pilot's (`../shared/DOMAIN.md`).
public struct PensionRules: Sendable, Hashable {
    /// The basic pension a month, in fen (1 yuan = 100 fen). Default 5500 (55 yuan).
    public var basicPensionFen: Int = 5_500
    /// The age from which the pension is paid. Default 60.
    public var pensionAge: Int = 60
    /// The ages that contribute (and so bind their household's elderly): default 16...59.
    public var contributionAges: ClosedRange<Int> = 16...59
    /// The day the scheme starts; ages are taken on this day. Default 2011-11-18.
    public var schemeStart: CivilDate = CivilDate(year: 2011, month: 11, day: 18)!
    /// Whether family binding applies (rural scheme: yes; urban scheme: children are only encouraged). Default on.
    public var familyBinding: Bool = true
    /// Days a village's notice list must be posted before its first payout. Default 7.
    public var noticePeriodDays: Int = 7
    /// Most records in one bank batch file. Default 500.
    public var bankBatchSize: Int = 500
    /// The divisor of the personal-account balance giving the monthly personal-account pension. Default 139.
    public var accountDivisor: Int = 139

    /// The defaults.
    public init() {}

    /// Full years of age on the scheme's start date.
    /// - Parameter birthDate: the birth date.
    /// - Returns: the age.
    public func age(bornOn birthDate: CivilDate) -> Int {
        birthDate.years(until: schemeStart)
    }

    /// Whether someone born on `birthDate` receives the pension (aged ``pensionAge`` or more at the start).
    public func isPensionAge(bornOn birthDate: CivilDate) -> Bool {
        age(bornOn: birthDate) >= pensionAge
    }

    /// Whether someone born on `birthDate` is of contribution age at the start, and so binds the elderly of their
    /// household unless exempt (``BindingExemption``).
    public func isContributionAge(bornOn birthDate: CivilDate) -> Bool {
        contributionAges.contains(age(bornOn: birthDate))
    }

    /// The monthly personal-account pension for a balance, in fen: `balanceFen ÷ accountDivisor`, rounded to the
    /// nearest fen, halves up (with the odd divisor 139 an exact half cannot occur). A balance of 0 or less gives 0.
    /// - Parameter balanceFen: the personal-account balance in fen.
    /// - Returns: fen a month.
    public func accountPensionFen(balanceFen: Int) -> Int {
        guard balanceFen > 0 else { return 0 }
        return (2 * balanceFen + accountDivisor) / (2 * accountDivisor)
    }

    /// Basic pension plus personal-account pension, in fen a month.
    /// - Parameter balanceFen: the personal-account balance in fen (0 for those already 60 at the start).
    public func monthlyPensionFen(balanceFen: Int) -> Int {
        basicPensionFen + accountPensionFen(balanceFen: balanceFen)
    }

    /// The first month paid for someone eligible on `date`: the month after it (`YYYY-MM`).
    public func firstPaidMonth(eligibleOn date: CivilDate) -> String {
        PayoutMonth(year: date.year, month: date.month).next.description
    }
}
