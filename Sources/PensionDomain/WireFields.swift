import Foundation

/// The fields of one JSON object in a message, as read by ``WireDecoder``'s fast path.
///
/// A value is a string without escapes, a non-negative integer of up to 18 digits, `null`, or (in the envelope) an
/// object. A `WireFields` points into the message bytes: use it only during the call that receives it.
public struct WireFields {
    enum Value {
        /// The bytes of a string between its quotes; valid UTF-8 without escapes.
        case string(Range<Int>)
        case integer(Int)
        case null
        /// The range of the object's own fields in the outer object's `nested`.
        case object(Range<Int>)
    }

    struct Field {
        let key: Range<Int>
        let value: Value
    }

    let bytes: UnsafeBufferPointer<UInt8>
    /// This object's fields are `fields[range]`.
    let fields: [Field]
    let range: Range<Int>
    /// The fields of the objects nested in this one.
    let nested: [Field]

    /// The value of `key`; `nil` when the key is absent.
    func value(_ key: StaticString) -> Value? {
        key.withUTF8Buffer { name in
            for index in range {
                let field = fields[index]
                if WireFields.equal(UnsafeBufferPointer(rebasing: bytes[field.key]), name) {
                    return field.value
                }
            }
            return nil
        }
    }

    /// Whether two byte runs are equal.
    static func equal(_ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>) -> Bool {
        guard first.count == second.count else { return false }
        guard let firstStart = first.baseAddress, let secondStart = second.baseAddress else { return true }
        return memcmp(firstStart, secondStart, first.count) == 0
    }

    /// The UTF-8 bytes of a string field; `nil` when the key is absent or the value is not a string.
    func stringBytes(_ key: StaticString) -> UnsafeBufferPointer<UInt8>? {
        guard case .string(let range) = value(key) else { return nil }
        return UnsafeBufferPointer(rebasing: bytes[range])
    }

    /// The fields of an object field; `nil` when the key is absent or the value is not an object.
    func object(_ key: StaticString) -> WireFields? {
        guard case .object(let range) = value(key) else { return nil }
        return WireFields(bytes: bytes, fields: nested, range: range, nested: [])
    }

    /// A required string field.
    ///
    /// - Parameter key: the field's name.
    /// - Returns: the string, or `nil` when the field is absent, `null` or not a string.
    public func string(_ key: StaticString) -> String? {
        stringBytes(key).map { String(decoding: $0, as: UTF8.self) }
    }

    /// An optional string field.
    ///
    /// - Parameter key: the field's name.
    /// - Returns: `.some(nil)` when the field is absent or `null`, `.some(text)` for a string, and `nil` for any
    ///   other value.
    public func optionalString(_ key: StaticString) -> String?? {
        switch value(key) {
        case nil, .null: .some(nil)
        case .string(let range): String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        case .integer, .object: nil
        }
    }

    /// A required string field of at most `limit`.
    ///
    /// - Parameters:
    ///   - key: the field's name.
    ///   - limit: the longest text allowed.
    /// - Returns: the string, or `nil` when the field is absent, `null`, not a string or over `limit`.
    public func string(_ key: StaticString, limit: WireTextLimit) -> String? {
        guard let bytes = stringBytes(key), limit.allows(utf8: bytes) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// An optional string field of at most `limit`.
    ///
    /// - Parameters:
    ///   - key: the field's name.
    ///   - limit: the longest text allowed.
    /// - Returns: `.some(nil)` when the field is absent or `null`, `.some(text)` for a string within `limit`, and
    ///   `nil` for any other value.
    public func optionalString(_ key: StaticString, limit: WireTextLimit) -> String?? {
        switch value(key) {
        case nil, .null:
            return .some(nil)
        case .string(let range):
            let bytes = UnsafeBufferPointer(rebasing: self.bytes[range])
            guard limit.allows(utf8: bytes) else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        case .integer, .object:
            return nil
        }
    }

    /// A required integer field.
    ///
    /// - Parameter key: the field's name.
    /// - Returns: the integer, or `nil` when the field is absent, `null` or not an integer.
    public func integer(_ key: StaticString) -> Int? {
        guard case .integer(let number) = value(key) else { return nil }
        return number
    }

    /// A required UUID field, written in `8-4-4-4-12` form in either case.
    ///
    /// - Parameter key: the field's name.
    /// - Returns: the UUID, or `nil` when the field is absent, `null`, not a string or not a UUID.
    public func uuid(_ key: StaticString) -> UUID? {
        stringBytes(key).flatMap(UUID.init(wireBytes:))
    }

    /// A required date field written as `YYYY-MM-DD`.
    ///
    /// - Parameter key: the field's name.
    /// - Returns: the date, or `nil` when the field is absent, `null`, not a string or not a real date.
    public func civilDate(_ key: StaticString) -> CivilDate? {
        stringBytes(key).flatMap(CivilDate.init(isoBytes:))
    }

    /// A required ``Sex`` field.
    ///
    /// - Parameter key: the field's name.
    /// - Returns: the sex, or `nil` when the field is absent, `null`, not a string or neither `male` nor `female`.
    public func sex(_ key: StaticString) -> Sex? {
        string(key).flatMap(Sex.init(rawValue:))
    }
}
