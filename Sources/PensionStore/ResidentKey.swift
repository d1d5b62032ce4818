/// The integer that keys an enrollee row: an exact, reversible-in-principle encoding of an ID-shaped resident ID.
///
/// An 18-character ID (17 digits and a check character `0`–`9`, `X` or `x`) becomes its first 17 digits × 12 plus
/// the check character (`X` = 10, `x` = 11), a number from 0 to about 1.2 × 10¹⁸. A 15-digit ID becomes −(its
/// value + 1). Anything else has no key (`nil`) and is kept unique by its text instead. Distinct IDs never share a
/// key, and a key fits SQLite's 8-byte integer: the `enrollees` index then holds about 17 bytes an entry instead of
/// 27 for the text, so each batch's random inserts dirty fewer index pages.
package enum ResidentKey {
    package static func of(_ residentId: String) -> Int64? {
        var id = residentId
        return id.withUTF8 { bytes -> Int64? in
            switch bytes.count {
            case 18:
                guard let digits = value(of: bytes[0..<17]) else { return nil }
                let check: Int64
                switch bytes[17] {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): check = Int64(bytes[17] &- UInt8(ascii: "0"))
                case UInt8(ascii: "X"): check = 10
                case UInt8(ascii: "x"): check = 11
                default: return nil
                }
                return digits * 12 + check
            case 15:
                return value(of: bytes[...]).map { -($0 + 1) }
            default:
                return nil
            }
        }
    }

    /// The decimal value of at most 17 ASCII digits, or `nil` if any byte is not a digit.
    private static func value(of digits: Slice<UnsafeBufferPointer<UInt8>>) -> Int64? {
        var result: Int64 = 0
        for byte in digits {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            result = result * 10 + Int64(digit)
        }
        return result
    }
}
