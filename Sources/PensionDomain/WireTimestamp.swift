import Foundation

/// ISO-8601 date-times with a time-zone offset, as used for `occurredAt`.
enum WireTimestamp {
    /// The offset written by ``format(_:)``: China Standard Time, UTC+08:00, which has no daylight saving.
    static let writtenOffsetSeconds = 8 * 3600

    /// `date` as `YYYY-MM-DDTHH:MM:SS+08:00`, with `.mmm` after the seconds when the milliseconds are not zero.
    static func format(_ date: Date) -> String {
        let millisecondsUTC = Int((date.timeIntervalSince1970 * 1000).rounded())
        let local = millisecondsUTC + writtenOffsetSeconds * 1000
        let dayMilliseconds = 86_400_000
        let days = local >= 0 ? local / dayMilliseconds : (local - dayMilliseconds + 1) / dayMilliseconds
        let ofDay = local - days * dayMilliseconds
        let day = CivilDate(daysSince1970: days)?.description ?? "0000-00-00"
        let seconds = ofDay / 1000
        var text = day + "T" + Digits.padded(seconds / 3600, width: 2) + ":"
            + Digits.padded(seconds / 60 % 60, width: 2) + ":" + Digits.padded(seconds % 60, width: 2)
        if ofDay % 1000 != 0 {
            text += "." + Digits.padded(ofDay % 1000, width: 3)
        }
        return text + "+08:00"
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`; returns `nil` for anything else.
    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[10] == UInt8(ascii: "T"), bytes[13] == colon, bytes[16] == colon,
            let date = CivilDate(iso: String(decoding: bytes[0..<10], as: UTF8.self)),
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
            let digits = String(decoding: bytes[start..<index], as: UTF8.self)
            guard (1...9).contains(digits.count), let value = Double("0." + digits) else { return nil }
            fraction = value
        }
        guard let offset = parseOffset(bytes[index...]) else { return nil }
        let seconds = date.daysSince1970 * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    private static let colon = UInt8(ascii: ":")

    /// The offset east of UTC in seconds for `Z`, `+HH:MM` or `-HH:MM`.
    private static func parseOffset(_ bytes: ArraySlice<UInt8>) -> Int? {
        let bytes = Array(bytes)
        if bytes == [UInt8(ascii: "Z")] {
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
