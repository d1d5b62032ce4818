/// Small helpers for fixed-width ASCII digit fields.
enum Digits {
    /// True when `text` is exactly `count` ASCII digits.
    static func isDigits(_ text: some StringProtocol, count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy(isDigit)
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// The value of a run of ASCII digits, or `nil` if any byte is not a digit or the run is empty.
    static func number(_ bytes: some Collection<UInt8>) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var value = 0
        for byte in bytes {
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// Writes the decimal digits of `value` (not negative) at `index`, left-padded with zeros to `width` digits.
    ///
    /// - Returns: the index after the digits.
    static func write(
        _ value: Int,
        width: Int,
        into buffer: UnsafeMutableBufferPointer<UInt8>,
        at index: Int
    ) -> Int {
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        let end = index + max(width, digits)
        var position = end
        rest = value
        while position > index {
            position -= 1
            buffer[position] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        return end
    }
}
