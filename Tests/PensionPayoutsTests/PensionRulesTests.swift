import PensionDomain
import Testing

@Suite struct PensionRulesTests {
    let rules = PensionRules()

    @Test(arguments: [
        (0, 0), (-500, 0), (1, 0), (69, 0), (70, 1), (138, 1), (139, 1), (208, 1), (209, 2), (278, 2),
        (13_900_000, 100_000), (13_900_069, 100_000), (13_900_070, 100_001),
    ])
    func accountPensionIsTheBalanceOver139RoundedToTheNearestFen(balance: Int, expected: Int) {
        #expect(rules.accountPensionFen(balanceFen: balance) == expected)
    }

    @Test func roundingIsNeverBelowTheTruncatedQuotientNorMoreThanHalfAFenAway() {
        for balance in 0...5_000 {
            let fen = rules.accountPensionFen(balanceFen: balance)
            #expect(fen == balance / 139 || fen == balance / 139 + 1)
            // |balance/139 - fen| <= 1/2  <=>  |balance - 139 fen| <= 69.5
            #expect(abs(balance - 139 * fen) <= 69)
        }
    }

    @Test func monthlyPensionIsBasicPlusAccountInFen() {
        #expect(rules.monthlyPensionFen(balanceFen: 0) == 5_500)
        #expect(rules.monthlyPensionFen(balanceFen: 209) == 5_502)
        var other = rules
        other.basicPensionFen = 7_000
        other.accountDivisor = 100
        #expect(other.monthlyPensionFen(balanceFen: 150) == 7_002)
        #expect(other.monthlyPensionFen(balanceFen: 149) == 7_001)
    }

    @Test func agesAreTakenOnTheSchemeStart() throws {
        let start = rules.schemeStart
        #expect(start.description == "2011-11-18")
        let sixtyToday = try #require(CivilDate(year: 1951, month: 11, day: 18))
        let sixtyTomorrow = try #require(CivilDate(year: 1951, month: 11, day: 19))
        #expect(rules.isPensionAge(bornOn: sixtyToday))
        #expect(!rules.isPensionAge(bornOn: sixtyTomorrow))
        #expect(rules.isContributionAge(bornOn: sixtyTomorrow))
        #expect(!rules.isContributionAge(bornOn: sixtyToday))
        let sixteenToday = try #require(CivilDate(year: 1995, month: 11, day: 18))
        let sixteenTomorrow = try #require(CivilDate(year: 1995, month: 11, day: 19))
        #expect(rules.isContributionAge(bornOn: sixteenToday))
        #expect(!rules.isContributionAge(bornOn: sixteenTomorrow))
    }

    @Test func firstPaidMonthIsTheMonthAfterEligibility() throws {
        #expect(rules.firstPaidMonth(eligibleOn: try #require(CivilDate(year: 2011, month: 11, day: 30))) == "2011-12")
        #expect(rules.firstPaidMonth(eligibleOn: try #require(CivilDate(year: 2011, month: 12, day: 1))) == "2012-01")
    }

    @Test func payoutMonthsParseOnlyYYYYMM() {
        #expect(PayoutMonth("2011-12")?.description == "2011-12")
        #expect(PayoutMonth("2011-01")?.next.description == "2011-02")
        for bad in ["2011-13", "2011-00", "2011-1", "11-12", "2011/12", "2011-12-01", "", "abcd-ef"] {
            #expect(PayoutMonth(bad) == nil, "\(bad)")
        }
        #expect(PayoutMonth("2011-12")! < PayoutMonth("2012-01")!)
    }

    @Test func cardNumbersKeepOnlyTheirLastFourCharacters() {
        #expect(Masking.bankCard("6217001234567890123") == "***************0123")
        #expect(Masking.bankCard("1234") == "****")
        #expect(Masking.bankCard("") == "")
    }
}
