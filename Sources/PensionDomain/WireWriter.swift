import Foundation

/// Writes the fields of a JSON object of a message, byte for byte as Foundation's `JSONEncoder` with
/// `.sortedKeys` and `.withoutEscapingSlashes` would: no whitespace, strings as raw UTF-8 with only `"`, `\` and
/// control characters escaped.
///
/// Write the fields in ascending order of their keys' UTF-8 bytes.
public struct WireWriter {
    /// Where the bytes go; a `WireWriter` is valid only during the call that receives it.
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    /// The bytes written; when more than `buffer.count`, at least the bytes needed, and nothing usable was written.
    private var count = 0
    private var needsComma = false

    private init(buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    /// The bytes `write` writes, in an array of `capacity` bytes or, if they do not fit, of the size they need.
    static func bytes(capacity: Int, _ write: (inout WireWriter) -> Void) -> [UInt8] {
        var capacity = capacity
        while true {
            var needed = 0
            var fitted = false
            let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initializedCount in
                var writer = WireWriter(buffer: buffer)
                write(&writer)
                needed = writer.count
                fitted = needed <= buffer.count
                initializedCount = fitted ? needed : 0
            }
            if fitted {
                return bytes
            }
            capacity = needed
        }
    }

    /// Writes a string field.
    ///
    /// - Parameters:
    ///   - key: the field's name, which must need no escaping.
    ///   - value: the string.
    public mutating func write(_ key: StaticString, string value: String) {
        appendKey(key)
        appendString(value)
    }

    /// Writes an optional string field, or nothing when `value` is `nil`.
    ///
    /// - Parameters:
    ///   - key: the field's name, which must need no escaping.
    ///   - value: the string, if any.
    public mutating func write(_ key: StaticString, string value: String?) {
        if let value {
            write(key, string: value)
        }
    }

    /// Writes an integer field.
    ///
    /// - Parameters:
    ///   - key: the field's name, which must need no escaping.
    ///   - value: the integer.
    public mutating func write(_ key: StaticString, integer value: Int) {
        appendKey(key)
        var text = String(value)
        text.withUTF8 { append($0) }
    }

    /// Writes a UUID field as an upper-case string, like `uuidString`.
    ///
    /// - Parameters:
    ///   - key: the field's name, which must need no escaping.
    ///   - value: the UUID.
    public mutating func write(_ key: StaticString, uuid value: UUID) {
        appendKey(key)
        appendInPlace(maximum: 38) { buffer in
            buffer[0] = UInt8(ascii: "\"")
            let end = value.writeWireString(into: buffer, at: 1)
            buffer[end] = UInt8(ascii: "\"")
            return end + 1
        }
    }

    /// Writes a date field as a `YYYY-MM-DD` string.
    ///
    /// - Parameters:
    ///   - key: the field's name, which must need no escaping.
    ///   - value: the date.
    public mutating func write(_ key: StaticString, date value: CivilDate) {
        appendKey(key)
        appendInPlace(maximum: 12) { buffer in
            buffer[0] = UInt8(ascii: "\"")
            let end = value.write(into: buffer, at: 1)
            buffer[end] = UInt8(ascii: "\"")
            return end + 1
        }
    }

    /// Writes an `occurredAt` field in ``WireTimestamp`` form.
    mutating func write(_ key: StaticString, timestamp value: Date) {
        appendKey(key)
        appendInPlace(maximum: WireTimestamp.maximumLength + 2) { buffer in
            buffer[0] = UInt8(ascii: "\"")
            let end = 1 + WireTimestamp.write(value, into: UnsafeMutableBufferPointer(rebasing: buffer[1...]))
            buffer[end] = UInt8(ascii: "\"")
            return end + 1
        }
    }

    /// Starts an object, as the value of `key` or, without a key, as the whole message.
    mutating func beginObject(_ key: StaticString? = nil) {
        if let key {
            appendKey(key)
        }
        append(UInt8(ascii: "{"))
        needsComma = false
    }

    /// Ends the object begun last.
    mutating func endObject() {
        append(UInt8(ascii: "}"))
        needsComma = true
    }

    private mutating func appendKey(_ key: StaticString) {
        if needsComma {
            append(UInt8(ascii: ","))
        }
        needsComma = true
        append(UInt8(ascii: "\""))
        key.withUTF8Buffer { append($0) }
        append(UInt8(ascii: "\""))
        append(UInt8(ascii: ":"))
    }

    private mutating func appendString(_ value: String) {
        append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var plain = 0
            for index in utf8.indices {
                let byte = utf8[index]
                if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                    append(UnsafeBufferPointer(rebasing: utf8[plain..<index]))
                    appendEscape(byte)
                    plain = index + 1
                }
            }
            append(UnsafeBufferPointer(rebasing: utf8[plain...]))
        }
        append(UInt8(ascii: "\""))
    }

    /// Foundation's escape for `"`, `\` or a control character.
    private mutating func appendEscape(_ byte: UInt8) {
        append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): append(byte)
        case 0x08: append(UInt8(ascii: "b"))
        case 0x09: append(UInt8(ascii: "t"))
        case 0x0A: append(UInt8(ascii: "n"))
        case 0x0C: append(UInt8(ascii: "f"))
        case 0x0D: append(UInt8(ascii: "r"))
        default:
            let hex: StaticString = "0123456789abcdef"
            append(UInt8(ascii: "u"))
            append(UInt8(ascii: "0"))
            append(UInt8(ascii: "0"))
            append(hex.utf8Start[Int(byte >> 4)])
            append(hex.utf8Start[Int(byte & 0x0F)])
        }
    }

    private mutating func append(_ byte: UInt8) {
        if count < buffer.count {
            buffer[count] = byte
        }
        count += 1
    }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        if count + bytes.count <= buffer.count {
            _ = UnsafeMutableBufferPointer(rebasing: buffer[count...]).initialize(from: bytes)
        }
        count += bytes.count
    }

    /// Lets `write` write up to `maximum` bytes at the end and counts those it reports; when they might not fit,
    /// counts `maximum` instead.
    private mutating func appendInPlace(maximum: Int, _ write: (UnsafeMutableBufferPointer<UInt8>) -> Int) {
        if count + maximum <= buffer.count {
            count += write(UnsafeMutableBufferPointer(rebasing: buffer[count..<count + maximum]))
        } else {
            count += maximum
        }
    }
}
