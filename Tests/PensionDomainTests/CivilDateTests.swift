import Foundation
import PensionDomain
import Testing

@Suite struct CivilDateTests {
    @Test(arguments: [(2000, true), (2012, true), (1900, false), (2011, false), (2100, false), (1600, true)])
    func leapDay(year: Int, isLeap: Bool) {
        #expect((CivilDate(year: year, month: 2, day: 29) != nil) == isLeap)
    }

    @Test func rejectsImpossibleDates() {
        #expect(CivilDate(year: 2011, month: 13, day: 1) == nil)
        #expect(CivilDate(year: 2011, month: 0, day: 1) == nil)
        #expect(CivilDate(year: 2011, month: 4, day: 31) == nil)
        #expect(CivilDate(year: 2011, month: 1, day: 0) == nil)
        #expect(CivilDate(year: 0, month: 1, day: 1) == nil)
        #expect(CivilDate(year: 2011, month: 12, day: 31) != nil)
    }

    @Test func parsesAndPrintsISO() throws {
        let date = try #require(CivilDate(iso: "2011-11-20"))
        #expect(date.year == 2011 && date.month == 11 && date.day == 20)
        #expect(date.description == "2011-11-20")
        #expect(CivilDate(year: 987, month: 3, day: 4)?.description == "0987-03-04")
    }

    @Test(arguments: ["2011-1-01", "20111120", "2011-11-20 ", "2011/11/20", "2011-02-29", "２011-11-20", ""])
    func rejectsMalformedISO(_ text: String) {
        #expect(CivilDate(iso: text) == nil)
    }

    @Test func ordersChronologically() throws {
        let texts = ["2011-12-20", "1949-12-31", "2011-11-20", "2011-11-19"]
        let dates = try texts.map { try #require(CivilDate(iso: $0)) }
        #expect(dates.sorted().map(\.description) == ["1949-12-31", "2011-11-19", "2011-11-20", "2011-12-20"])
    }

    @Test func codableAsString() throws {
        let date = try #require(CivilDate(year: 1949, month: 12, day: 31))
        let data = try JSONEncoder().encode([date])
        #expect(String(decoding: data, as: UTF8.self) == #"["1949-12-31"]"#)
        #expect(try JSONDecoder().decode([CivilDate].self, from: data) == [date])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([CivilDate].self, from: Data(#"["1949-02-30"]"#.utf8))
        }
    }

    @Test(arguments: [
        ("1951-11-20", "2011-11-20", 60),
        ("1951-11-21", "2011-11-20", 59),
        ("1951-12-01", "2011-11-20", 59),
        ("1951-01-01", "2011-11-20", 60),
        ("2000-02-29", "2001-02-28", 0),
        ("2000-02-29", "2001-03-01", 1),
        ("2000-02-29", "2004-02-29", 4),
        ("1952-02-29", "2012-02-28", 59),
    ])
    func fullYears(born: String, at: String, expected: Int) throws {
        let birth = try #require(CivilDate(iso: born))
        let date = try #require(CivilDate(iso: at))
        #expect(birth.years(until: date) == expected)
    }
}
