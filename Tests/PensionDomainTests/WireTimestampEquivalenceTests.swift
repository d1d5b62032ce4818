import Foundation
import Testing

@testable import PensionDomain

/// `WireTimestamp` and `CivilDate(iso:)` work on bytes now and give exactly what they gave before.
@Suite struct WireTimestampEquivalenceTests {
    @Test func formatsAsBefore() {
        var random = RandomEvents(seed: 5)
        for _ in 0..<5000 {
            let date = random.date()
            #expect(WireTimestamp.format(date) == ReferenceTimestamp.format(date))
        }
    }

    @Test func parsesAsBefore() {
        var random = RandomEvents(seed: 9)
        var texts = [
            "2011-11-20T09:30:00+08:00", "2011-11-20T01:30:00Z", "2011-11-20T01:30:00.5Z", "2011-11-20T01:30:00.Z",
            "2011-11-20T01:30:00.1234567890Z", "2011-11-20T01:30:00", "2011-11-20T01:30:00+08", "", "Z",
            "2011-11-20T01:30:00ZZ", "2011-11-20T01:30:00+08:00 ", "2011-02-29T01:30:00Z", "2012-02-29T23:59:59-23:59",
        ]
        for _ in 0..<3000 {
            var text = ReferenceTimestamp.format(random.date())
            if random.chance(30) {
                text = String(text.dropLast(6)) + ["Z", "-05:30", "+00:00", "+23:59", "-00:00"][random.int(0...4)]
            }
            if random.chance(40) {
                let digits = random.digits(random.int(1...10))
                let insertAt = text.index(text.startIndex, offsetBy: 19)
                let rest = text.index(insertAt, offsetBy: text.contains(".") ? 4 : 0)
                text = String(text[..<insertAt]) + "." + digits + String(text[rest...])
            }
            texts.append(text)
        }
        let base = Array("2011-11-20T09:30:00.125+08:00".utf8)
        for offset in base.indices {
            for replacement in Array("0159.:-+TZ x".utf8) + [0xE5] {
                var mutated = base
                mutated[offset] = replacement
                texts.append(String(decoding: mutated, as: UTF8.self))
            }
            texts.append(String(decoding: base[..<offset], as: UTF8.self))
        }
        var parsed = 0
        for text in texts {
            let date = WireTimestamp.parse(text)
            #expect(date == ReferenceTimestamp.parse(text), "\(text)")
            parsed += date == nil ? 0 : 1
        }
        #expect(parsed > 2000)
    }

    @Test func fractionsParseAsBefore() {
        // The byte parser divides by a power of ten; the old one converted the text `0.digits`.
        var fractions: [String] = []
        for count in 1...5 {
            var limit = 1
            for _ in 0..<count {
                limit *= 10
            }
            fractions += (0..<limit).map { Fixtures.pad($0, count) }
        }
        var random = RandomEvents(seed: 13)
        fractions += (0..<20_000).map { _ in random.digits(random.int(6...9)) }
        for base in ["1970-01-01T00:00:00", "2001-01-01T00:00:00", "2011-11-20T09:30:00"] {
            for digits in fractions where digits.count <= 5 || Int(digits.suffix(3))! % 7 == 0 {
                let text = base + "." + digits + "Z"
                let date = WireTimestamp.parse(text)
                #expect(date != nil && date == ReferenceTimestamp.parse(text), "\(text)")
            }
        }
    }

    @Test func civilDatesParseAsBefore() {
        var texts = [
            "2011-11-20", "0001-01-01", "9999-12-31", "0000-01-01", "2011-1-20", "2011-11-20 ", "", "２011-11-20",
        ]
        for year in [1900, 2000, 2011, 2012] {
            for month in 0...13 {
                for day in 0...32 {
                    texts.append(Fixtures.pad(year, 4) + "-" + Fixtures.pad(month, 2) + "-" + Fixtures.pad(day, 2))
                }
            }
        }
        var valid = 0
        for text in texts {
            let date = CivilDate(iso: text)
            #expect(date == ReferenceTimestamp.referenceDate(text), "\(text)")
            valid += date == nil ? 0 : 1
        }
        #expect(valid == 4 * 365 + 2 + 3)
    }
}
