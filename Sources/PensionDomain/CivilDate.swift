/// A calendar date without a time or time zone, such as a birth date.
///
/// Encoded and printed as `YYYY-MM-DD`. Years run from 1 to 9999 (proleptic Gregorian calendar).
public struct CivilDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The year, 1...9999.
    public let year: Int
    /// The month, 1...12.
    public let month: Int
    /// The day of the month, 1...31 depending on the month.
    public let day: Int

    /// Creates a date if the three parts name a real calendar day.
    ///
    /// - Parameters:
    ///   - year: 1...9999.
    ///   - month: 1...12.
    ///   - day: 1 to the length of the month (29 February only in leap years).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        guard day >= 1, day <= CivilDate.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses a date written exactly as `YYYY-MM-DD` (ASCII digits, zero-padded).
    ///
    /// - Parameter iso: the text to parse; returns `nil` unless it is a real date in that form.
    public init?(iso: String) {
        var iso = iso
        guard let date = iso.withUTF8(CivilDate.init(isoBytes:)) else { return nil }
        self = date
    }

    /// Parses the UTF-8 bytes of a date written exactly as `YYYY-MM-DD`.
    init?(isoBytes bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        guard let year = Digits.number(bytes[0..<4]),
            let month = Digits.number(bytes[5..<7]),
            let day = Digits.number(bytes[8..<10])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The date as `YYYY-MM-DD`.
    public var description: String {
        String(unsafeUninitializedCapacity: 10) { write(into: $0, at: 0) }
    }

    /// Writes the date as `YYYY-MM-DD` at `index` of `buffer`, which must have 10 bytes free there.
    ///
    /// - Returns: the index after the date.
    func write(into buffer: UnsafeMutableBufferPointer<UInt8>, at index: Int) -> Int {
        var index = Digits.write(year, width: 4, into: buffer, at: index)
        buffer[index] = UInt8(ascii: "-")
        index = Digits.write(month, width: 2, into: buffer, at: index + 1)
        buffer[index] = UInt8(ascii: "-")
        return Digits.write(day, width: 2, into: buffer, at: index + 1)
    }

    /// Full years from this date to `other`, for example a person's age on `other` when this is the birth date.
    ///
    /// A year is complete on the anniversary. Someone born on 29 February completes a year on 1 March in
    /// common years. Meant for `other` on or after this date; an earlier `other` gives zero or less.
    /// - Parameter other: the date at which to count.
    /// - Returns: the number of completed years.
    public func years(until other: CivilDate) -> Int {
        var years = other.year - year
        if (other.month, other.day) < (month, day) {
            years -= 1
        }
        return years
    }

    /// Orders dates chronologically.
    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Decodes a date from a `YYYY-MM-DD` string.
    ///
    /// - Throws: `DecodingError.dataCorrupted` if the string is not a real date in that form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CivilDate(iso: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: SafeDecodingMessage.notADate)
        }
        self = date
    }

    /// Encodes the date as a `YYYY-MM-DD` string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
