extension WireScanner {
    /// A string starting at its `"`, up to and including the closing `"`: valid UTF-8 without control characters,
    /// with valid escapes (a `\u` high surrogate only before a `\u` low surrogate).
    ///
    /// - Parameter decoding: whether to return the text with escapes resolved (for keys).
    /// - Returns: the text when `decoding`, else `nil`.
    mutating func string(decoding: Bool) throws(EventDecodingError) -> String? {
        index += 1
        let start = index
        var decoded: [UInt8]? = nil
        while true {
            guard let byte = peek() else { throw Self.malformed }
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard decoding else { return nil }
                if let decoded {
                    return String(decoding: decoded, as: UTF8.self)
                }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index - 1]), as: UTF8.self)
            case UInt8(ascii: "\\"):
                if decoding, decoded == nil {
                    decoded = Array(bytes[start..<index])
                }
                index += 1
                let scalar = try escape()
                if decoding {
                    decoded?.append(contentsOf: String(Character(scalar)).utf8)
                }
            case 0..<0x20:
                throw Self.malformed
            case 0x20..<0x80:
                decoded?.append(byte)
                index += 1
            default:
                guard let length = WireFieldsParser.utf8SequenceLength(in: bytes, at: index) else {
                    throw Self.malformed
                }
                decoded?.append(contentsOf: bytes[index..<index + length])
                index += length
            }
        }
    }

    /// The character of an escape whose `\` has been read.
    private mutating func escape() throws(EventDecodingError) -> Unicode.Scalar {
        guard let byte = peek() else { throw Self.malformed }
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let unit = try hexUnit()
            switch unit {
            case 0xD800...0xDBFF:
                guard consume(UInt8(ascii: "\\")), consume(UInt8(ascii: "u")) else { throw Self.malformed }
                let low = try hexUnit()
                guard (0xDC00...0xDFFF).contains(low) else { throw Self.malformed }
                let value = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                guard let scalar = Unicode.Scalar(value) else { throw Self.malformed }
                return scalar
            case 0xDC00...0xDFFF:
                throw Self.malformed
            default:
                guard let scalar = Unicode.Scalar(unit) else { throw Self.malformed }
                return scalar
            }
        default:
            throw Self.malformed
        }
    }

    /// Four hex digits after `\u`.
    private mutating func hexUnit() throws(EventDecodingError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw Self.malformed }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Self.malformed
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}
