/// A strict check of a whole message before Foundation's `JSONDecoder` reads it, for ``WireDecoder``'s slow path.
///
/// It accepts only RFC 8259 JSON in UTF-8 whose top-level value is an object, within ``WireLimits``, and throws
/// what Foundation would let through or report without a path: a byte order mark, invalid UTF-8 or escapes, lone
/// surrogates, duplicate keys (after unescaping), too many fields, too deep nesting, too long field names or
/// values. It also lists the JSON paths of numbers that are not integers fitting in 64 bits, so that an integer
/// field can reject `100.0`, `1e2` or `9999999999999999999` at its path (see `decodeInteger(forKey:)`).
struct WireScanner {
    /// One step of a JSON path.
    private enum Step {
        case key(String)
        case index(Int)
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    private var fieldCount = 0
    private var path: [Step] = []
    /// The paths of numbers that are not integers fitting in 64 bits, as ``steps``.
    private var inexactNumbers: Set<[String]> = []

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Checks a message.
    ///
    /// - Parameter bytes: the message value.
    /// - Returns: the JSON paths (as ``steps``) of numbers that are not integers fitting in 64 bits, or the problem.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Set<[String]>, EventDecodingError> {
        guard bytes.count <= WireLimits.maxMessageBytes else {
            return .failure(tooLarge(nil, "the message is larger than \(WireLimits.maxMessageBytes) bytes"))
        }
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            let message = "the message starts with a byte order mark"
            return .failure(EventDecodingError(code: .malformedJSON, field: nil, message: message))
        }
        var scanner = WireScanner(bytes: bytes)
        do throws(EventDecodingError) {
            scanner.skipWhitespace()
            let isObject = scanner.peek() == UInt8(ascii: "{")
            try scanner.value(depth: 1)
            scanner.skipWhitespace()
            guard scanner.index == bytes.count else { throw malformed }
            guard isObject else {
                throw EventDecodingError(code: .wrongType, field: nil, message: "the message must be a JSON object")
            }
        } catch {
            return .failure(error)
        }
        return .success(scanner.inexactNumbers)
    }

    static let malformed = EventDecodingError(
        code: .malformedJSON,
        field: nil,
        message: "the message is not UTF-8 JSON"
    )

    private static func tooLarge(_ field: String?, _ message: String) -> EventDecodingError {
        EventDecodingError(code: .tooLarge, field: field, message: message)
    }

    /// The current path as steps, a key as `.name` and an index as `[n]`, so that a key holding a dot or brackets
    /// cannot pass for another path; as `decodeInteger(forKey:)` writes a coding path.
    private var steps: [String] {
        path.map { step in
            switch step {
            case .key(let key): "." + key
            case .index(let index): "[\(index)]"
            }
        }
    }

    /// The current path as ``CodingPath`` writes it; `nil` at the top.
    private var pathString: String? {
        guard !path.isEmpty else { return nil }
        var result = ""
        for step in path {
            switch step {
            case .key(let key): result += result.isEmpty ? key : "." + key
            case .index(let index): result += "[\(index)]"
            }
        }
        return result
    }

    private mutating func value(depth: Int) throws(EventDecodingError) {
        guard let byte = peek() else { throw Self.malformed }
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard depth <= WireLimits.maxDepth else {
                throw Self.tooLarge(pathString, "nested deeper than \(WireLimits.maxDepth) levels")
            }
            if byte == UInt8(ascii: "{") {
                try object(depth: depth)
            } else {
                try array(depth: depth)
            }
        case UInt8(ascii: "\""):
            _ = try string(decoding: false)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try number()
        case UInt8(ascii: "t"):
            try literal("true")
        case UInt8(ascii: "f"):
            try literal("false")
        case UInt8(ascii: "n"):
            try literal("null")
        default:
            throw Self.malformed
        }
    }

    private mutating func object(depth: Int) throws(EventDecodingError) {
        index += 1
        skipWhitespace()
        if consume(UInt8(ascii: "}")) {
            return
        }
        var keys: Set<String> = []
        while true {
            guard peek() == UInt8(ascii: "\"") else { throw Self.malformed }
            let keyStart = index
            let key = try string(decoding: true) ?? ""
            guard index - keyStart - 2 <= WireLimits.maxKeyBytes else {
                throw Self.tooLarge(pathString, "a field name is longer than \(WireLimits.maxKeyBytes) bytes")
            }
            fieldCount += 1
            guard fieldCount <= WireLimits.maxFields else {
                throw Self.tooLarge(nil, "the message has more than \(WireLimits.maxFields) fields")
            }
            path.append(.key(key))
            guard keys.insert(key).inserted else {
                let message = "the field appears more than once"
                throw EventDecodingError(code: .malformedJSON, field: pathString, message: message)
            }
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { throw Self.malformed }
            skipWhitespace()
            let start = index
            try value(depth: depth + 1)
            if index - start > WireLimits.maxValueBytes, depth > 1 || key != "payload" {
                throw Self.tooLarge(pathString, "the value is larger than \(WireLimits.maxValueBytes) bytes")
            }
            path.removeLast()
            skipWhitespace()
            if consume(UInt8(ascii: ",")) {
                skipWhitespace()
            } else if consume(UInt8(ascii: "}")) {
                return
            } else {
                throw Self.malformed
            }
        }
    }

    private mutating func array(depth: Int) throws(EventDecodingError) {
        index += 1
        skipWhitespace()
        if consume(UInt8(ascii: "]")) {
            return
        }
        var count = 0
        while true {
            path.append(.index(count))
            try value(depth: depth + 1)
            path.removeLast()
            count += 1
            skipWhitespace()
            if consume(UInt8(ascii: ",")) {
                skipWhitespace()
            } else if consume(UInt8(ascii: "]")) {
                return
            } else {
                throw Self.malformed
            }
        }
    }

    /// A number; records its path unless it is an integer that fits in 64 bits.
    private mutating func number() throws(EventDecodingError) {
        let negative = consume(UInt8(ascii: "-"))
        let start = index
        if consume(UInt8(ascii: "0")) {
            // JSON allows no digit after a leading zero; the caller fails at it.
        } else {
            guard digits() else { throw Self.malformed }
        }
        let integerDigits = index - start
        var exact = true
        if consume(UInt8(ascii: ".")) {
            guard digits() else { throw Self.malformed }
            exact = false
        }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            _ = consume(UInt8(ascii: "+")) || consume(UInt8(ascii: "-"))
            guard digits() else { throw Self.malformed }
            exact = false
        }
        if !exact || !Self.fitsInt64(UnsafeBufferPointer(rebasing: bytes[start..<start + integerDigits]), negative) {
            inexactNumbers.insert(steps)
        }
    }

    /// Whether the decimal digits (no leading zero) with the sign fit in `Int64`.
    private static func fitsInt64(_ digits: UnsafeBufferPointer<UInt8>, _ negative: Bool) -> Bool {
        let limit = Array((negative ? "9223372036854775808" : "9223372036854775807").utf8)
        if digits.count != limit.count {
            return digits.count < limit.count
        }
        return !limit.lexicographicallyPrecedes(digits)
    }

    /// One or more digits; whether there was one.
    private mutating func digits() -> Bool {
        let start = index
        while index < bytes.count, Digits.isDigit(bytes[index]) {
            index += 1
        }
        return index > start
    }

    private mutating func literal(_ word: StaticString) throws(EventDecodingError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw Self.malformed }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw Self.malformed
        }
        index += count
    }

    func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    mutating func consume(_ byte: UInt8) -> Bool {
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
