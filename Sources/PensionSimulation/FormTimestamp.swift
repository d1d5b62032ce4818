import Foundation
import PensionDomain

/// The date-times of form files (`submittedAt`, `pension publish --occurred-at`), in the wire's `occurredAt` form.
///
/// Read: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)` with 1 to 9 fractional digits; no offset, a space for `T`
/// or an impossible date or time is refused. Written: China Standard Time (`+08:00`), milliseconds only when not zero.
public enum FormTimestamp {
    /// Parses a date-time with an offset.
    ///
    /// - Parameter text: e.g. `2011-11-20T09:30:00+08:00`.
    /// - Returns: the moment, or `nil` when `text` is not of the form above.
    public static func parse(_ text: String) -> Date? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 20, scalars[10] == "T", scalars[13] == ":", scalars[16] == ":",
            let date = CivilDate(iso: String(String.UnicodeScalarView(scalars[0..<10]))),
            let hour = number(scalars[11..<13]), hour < 24,
            let minute = number(scalars[14..<16]), minute < 60,
            let second = number(scalars[17..<19]), second < 60
        else { return nil }
        var index = 19
        var fraction = 0.0
        if scalars[index] == "." {
            let start = index + 1
            index = start
            while index < scalars.count, ("0"..."9").contains(scalars[index]) {
                index += 1
            }
            guard (1...9).contains(index - start), let digits = number(scalars[start..<index]) else { return nil }
            // Both operands are exact, so the quotient is the correctly rounded value of `0.digits`.
            fraction = Double(digits) / powersOfTen[index - start]
        }
        guard let offset = offsetSeconds(scalars[index...]) else { return nil }
        let seconds = days(from: date) * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// Writes a date-time in China Standard Time.
    ///
    /// - Parameter date: the moment.
    /// - Returns: e.g. `2011-11-20T09:30:00+08:00`, or `2011-11-20T09:30:12.500+08:00` with milliseconds.
    public static func format(_ date: Date) -> String {
        let local = Int((date.timeIntervalSince1970 * 1000).rounded()) + 8 * 3_600_000
        let dayMilliseconds = 86_400_000
        let day = local >= 0 ? local / dayMilliseconds : (local - dayMilliseconds + 1) / dayMilliseconds
        let ofDay = local - day * dayMilliseconds
        let (year, month, dayOfMonth) = civil(fromDays: day)
        let seconds = ofDay / 1000
        var text =
            "\(pad(year, 4))-\(pad(month, 2))-\(pad(dayOfMonth, 2))T"
            + "\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
        if ofDay % 1000 != 0 {
            text += "." + pad(ofDay % 1000, 3)
        }
        return text + "+08:00"
    }

    private static let powersOfTen: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9]

    private static func number(_ scalars: ArraySlice<Unicode.Scalar>) -> Int? {
        guard !scalars.isEmpty, scalars.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        return scalars.reduce(0) { $0 * 10 + Int($1.value - 48) }
    }

    private static func offsetSeconds(_ scalars: ArraySlice<Unicode.Scalar>) -> Int? {
        let scalars = Array(scalars)
        if scalars == ["Z"] {
            return 0
        }
        guard scalars.count == 6, scalars[0] == "+" || scalars[0] == "-", scalars[3] == ":",
            let hours = number(scalars[1..<3]), hours <= 23,
            let minutes = number(scalars[4..<6]), minutes <= 59
        else { return nil }
        return (scalars[0] == "+" ? 1 : -1) * (hours * 3600 + minutes * 60)
    }

    /// Days from 1970-01-01 to `date` (proleptic Gregorian calendar).
    private static func days(from date: CivilDate) -> Int {
        let year = date.month <= 2 ? date.year - 1 : date.year
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * (date.month + (date.month > 2 ? -3 : 9)) + 2) / 5 + date.day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The year, month and day `days` after 1970-01-01.
    private static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
