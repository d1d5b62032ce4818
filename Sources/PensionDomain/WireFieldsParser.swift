import Foundation

/// A strict reader of the simple JSON that ``EventEnvelope/encoded()`` writes.
///
/// It reads one top-level object whose values are strings, integers, `null` or objects of those (one level deep),
/// and returns `nil` for anything else, even valid JSON: escapes, control characters or invalid UTF-8 in strings,
/// non-ASCII keys, numbers that are not 1 to 18 digits without a leading zero, `true`, `false`, arrays, duplicate
/// keys, a byte order mark, anything after the object but whitespace, and anything over ``WireLimits`` (message
/// size, field count, field name or value size). Whatever it returns, Foundation reads the same way.
struct WireFieldsParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// The fields of the top-level object.
    private var top: [WireFields.Field] = []
    /// The fields of nested objects, each object's together.
    private var nested: [WireFields.Field] = []

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The top-level object of `bytes`, or `nil` if it is not in the simple form.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> WireFields? {
        guard bytes.count <= WireLimits.maxMessageBytes else { return nil }
        var parser = WireFieldsParser(bytes: bytes)
        parser.top.reserveCapacity(8)
        parser.nested.reserveCapacity(16)
        parser.skipWhitespace()
        guard parser.consume(UInt8(ascii: "{")), parser.object(nested: false) else { return nil }
        parser.skipWhitespace()
        guard parser.index == bytes.count else { return nil }
        return WireFields(bytes: bytes, fields: parser.top, range: parser.top.indices, nested: parser.nested)
    }

    /// Reads an object whose `{` has been read, up to and including its `}`, appending its fields to `nested` or
    /// `top`.
    private mutating func object(nested isNested: Bool) -> Bool {
        let first = isNested ? nested.count : top.count
        skipWhitespace()
        if consume(UInt8(ascii: "}")) {
            return true
        }
        while true {
            guard consume(UInt8(ascii: "\"")), let key = key(), key.count <= WireLimits.maxKeyBytes,
                top.count + nested.count < WireLimits.maxFields
            else { return false }
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { return false }
            skipWhitespace()
            guard index < bytes.count else { return false }
            let value: WireFields.Value
            switch bytes[index] {
            case UInt8(ascii: "\""):
                index += 1
                guard let range = string(), range.count + 2 <= WireLimits.maxValueBytes else { return false }
                value = .string(range)
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard let number = integer() else { return false }
                value = .integer(number)
            case UInt8(ascii: "n"):
                guard consumeNull() else { return false }
                value = .null
            case UInt8(ascii: "{") where !isNested:
                let objectStart = index
                index += 1
                let start = nested.count
                guard object(nested: true) else { return false }
                // `payload` is bounded by the message size only.
                if index - objectStart > WireLimits.maxValueBytes {
                    guard WireFieldsParser.isPayload(UnsafeBufferPointer(rebasing: bytes[key])) else { return false }
                }
                value = .object(start..<nested.count)
            default:
                return false
            }
            let field = WireFields.Field(key: key, value: value)
            if isNested {
                guard isNew(key, among: nested, from: first) else { return false }
                nested.append(field)
            } else {
                guard isNew(key, among: top, from: first) else { return false }
                top.append(field)
            }
            skipWhitespace()
            if consume(UInt8(ascii: ",")) {
                skipWhitespace()
            } else if consume(UInt8(ascii: "}")) {
                return true
            } else {
                return false
            }
        }
    }

    /// Whether a key is `payload`.
    private static func isPayload(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        var name = "payload"
        return name.withUTF8 { WireFields.equal($0, key) }
    }

    /// Whether no field from index `first` on has the name `key`.
    private func isNew(_ key: Range<Int>, among fields: [WireFields.Field], from first: Int) -> Bool {
        let name = UnsafeBufferPointer(rebasing: bytes[key])
        for index in first..<fields.count where fields[index].key.count == key.count {
            if WireFields.equal(UnsafeBufferPointer(rebasing: bytes[fields[index].key]), name) {
                return false
            }
        }
        return true
    }

    /// A key whose `"` has been read: ASCII from space to DEL without escapes, up to the closing `"`.
    private mutating func key() -> Range<Int>? {
        let start = index
        index = endOfPlainASCII(from: index)
        guard consume(UInt8(ascii: "\"")) else { return nil }
        return start..<index - 1
    }

    /// A string whose `"` has been read: valid UTF-8 without escapes or control characters, up to the closing `"`.
    private mutating func string() -> Range<Int>? {
        let start = index
        while true {
            index = endOfPlainASCII(from: index)
            guard index < bytes.count else { return nil }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return start..<index - 1
            }
            // A control character or a backslash; plain ASCII was skipped.
            guard byte >= 0x80, let length = WireFieldsParser.utf8SequenceLength(in: bytes, at: index) else {
                return nil
            }
            index += length
        }
    }

    /// The index of the first byte from `start` on that is not ASCII from space to DEL other than `"` and `\`.
    private func endOfPlainASCII(from start: Int) -> Int {
        var index = start
        if let base = bytes.baseAddress {
            // Eight bytes at a time while none of them is special.
            while index + 8 <= bytes.count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if WireFieldsParser.hasSpecialByte(word) {
                    break
                }
                index += 8
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") else { break }
            index += 1
        }
        return index
    }

    /// Whether any byte of `word` is below 0x20, above 0x7F, `"` or `\` (exact, by the "has less" bit trick).
    private static func hasSpecialByte(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let control = (word &- ones &* 0x20) & ~word
        let isQuote = (quote &- ones) & ~quote
        let isBackslash = (backslash &- ones) & ~backslash
        return (word | control | isQuote | isBackslash) & high != 0
    }

    /// The length of the valid multi-byte UTF-8 sequence starting at `start` (Unicode table 3-7), or `nil`.
    static func utf8SequenceLength(in bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        let lead = bytes[start]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return nil
        }
        guard start + length <= bytes.count else { return nil }
        let second = bytes[start + 1]
        guard second >= low, second <= high else { return nil }
        for offset in 2..<length {
            guard bytes[start + offset] & 0xC0 == 0x80 else { return nil }
        }
        return length
    }

    /// 1 to 18 digits without a leading zero; a fraction or exponent makes the caller fail at the next byte.
    private mutating func integer() -> Int? {
        let start = index
        var value = 0
        while index < bytes.count, Digits.isDigit(bytes[index]) {
            // Checked before multiplying: 18 digits always fit in 64 bits, 19 may not.
            guard index - start < 18 else { return nil }
            value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            index += 1
        }
        guard bytes[start] != UInt8(ascii: "0") || index - start == 1 else { return nil }
        return value
    }

    private mutating func consumeNull() -> Bool {
        guard index + 4 <= bytes.count, bytes[index + 1] == UInt8(ascii: "u"), bytes[index + 2] == UInt8(ascii: "l"),
            bytes[index + 3] == UInt8(ascii: "l")
        else { return false }
        index += 4
        return true
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): index += 1
            default: return
            }
        }
    }
}
