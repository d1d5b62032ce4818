import Foundation

/// ISO-8601 date-times with a time-zone offset, as used for `occurredAt` (and by form files).
public enum WireTimestamp {
    /// The offset written by ``format(_:)``: China Standard Time, UTC+08:00, which has no daylight saving.
    static let writtenOffsetSeconds = 8 * 3600

    /// The longest text ``format(_:)`` writes: `YYYY-MM-DDTHH:MM:SS.mmm+08:00`.
    static let maximumLength = 29

    /// `date` as `YYYY-MM-DDTHH:MM:SS+08:00`, with `.mmm` after the seconds when the milliseconds are not zero.
    /// - Parameter date: the moment.
    /// - Returns: e.g. `2011-11-20T09:30:00+08:00`.
    public static func format(_ date: Date) -> String {
        String(unsafeUninitializedCapacity: maximumLength) { write(date, into: $0) }
    }

    /// Writes the UTF-8 bytes of ``format(_:)`` at the start of `buffer`, which holds at least ``maximumLength``.
    ///
    /// - Returns: the number of bytes written.
    static func write(_ date: Date, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let millisecondsUTC = Int((date.timeIntervalSince1970 * 1000).rounded())
        let local = millisecondsUTC + writtenOffsetSeconds * 1000
        let dayMilliseconds = 86_400_000
        let days = local >= 0 ? local / dayMilliseconds : (local - dayMilliseconds + 1) / dayMilliseconds
        let ofDay = local - days * dayMilliseconds
        var index = 0
        if let day = CivilDate(daysSince1970: days) {
            index = day.write(into: buffer, at: index)
        } else {
            index = copy("0000-00-00", into: buffer, at: index)
        }
        let seconds = ofDay / 1000
        buffer[index] = UInt8(ascii: "T")
        index = Digits.write(seconds / 3600, width: 2, into: buffer, at: index + 1)
        buffer[index] = colon
        index = Digits.write(seconds / 60 % 60, width: 2, into: buffer, at: index + 1)
        buffer[index] = colon
        index = Digits.write(seconds % 60, width: 2, into: buffer, at: index + 1)
        if ofDay % 1000 != 0 {
            buffer[index] = UInt8(ascii: ".")
            index = Digits.write(ofDay % 1000, width: 3, into: buffer, at: index + 1)
        }
        return copy("+08:00", into: buffer, at: index)
    }

    private static func copy(
        _ text: StaticString,
        into buffer: UnsafeMutableBufferPointer<UInt8>,
        at index: Int
    ) -> Int {
        text.withUTF8Buffer { source in
            _ = UnsafeMutableBufferPointer(rebasing: buffer[index...]).initialize(from: source)
            return index + source.count
        }
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)` with 1 to 9 fractional digits.
    /// - Parameter text: e.g. `2011-11-20T09:30:00+08:00`.
    /// - Returns: the moment, or `nil` for anything else (no offset, a space for `T`, an impossible date or time).
    public static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8(parse(_:))
    }

    /// Parses the UTF-8 bytes of a date-time, as the `String` variant does.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard bytes.count >= 20, bytes[10] == UInt8(ascii: "T"), bytes[13] == colon, bytes[16] == colon,
            let date = CivilDate(isoBytes: UnsafeBufferPointer(rebasing: bytes[0..<10])),
            let hour = Digits.number(bytes[11..<13]), hour < 24,
            let minute = Digits.number(bytes[14..<16]), minute < 60,
            let second = Digits.number(bytes[17..<19]), second < 60
        else { return nil }
        var index = 19
        var fraction = 0.0
        if bytes[index] == UInt8(ascii: ".") {
            let start = index + 1
            index = start
            while index < bytes.count, Digits.isDigit(bytes[index]) {
                index += 1
            }
            guard (1...9).contains(index - start), let digits = Digits.number(bytes[start..<index]) else { return nil }
            // Both operands are exact, so the quotient is the correctly rounded value of `0.digits`.
            fraction = Double(digits) / powersOfTen[index - start]
        }
        guard let offset = parseOffset(UnsafeBufferPointer(rebasing: bytes[index...])) else { return nil }
        let seconds = date.daysSince1970 * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    private static let colon = UInt8(ascii: ":")

    private static let powersOfTen: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9]

    /// The offset east of UTC in seconds for `Z`, `+HH:MM` or `-HH:MM`.
    private static func parseOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        if bytes.count == 1 && bytes[0] == UInt8(ascii: "Z") {
            return 0
        }
        guard bytes.count == 6, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-"), bytes[3] == colon,
            let hours = Digits.number(bytes[1..<3]), hours <= 23,
            let minutes = Digits.number(bytes[4..<6]), minutes <= 59
        else { return nil }
        let magnitude = hours * 3600 + minutes * 60
        return bytes[0] == UInt8(ascii: "+") ? magnitude : -magnitude
    }
}
