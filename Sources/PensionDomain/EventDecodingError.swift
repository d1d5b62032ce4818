/// A message could not be decoded into an event.
///
/// ``message`` and ``description`` name the field and the problem, never the field's value, so they are safe to
/// log and to put in dead-letter headers.
public struct EventDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem; raw values are stable codes for the `dlq-error-code` header.
    public enum Code: String, Sendable {
        /// The bytes are not UTF-8 JSON.
        case malformedJSON = "malformed_json"
        /// A required field is absent or null.
        case missingField = "missing_field"
        /// A field has the wrong JSON type, e.g. a number where a string belongs.
        case wrongType = "wrong_type"
        /// A field has the right type but a value that is not allowed.
        case invalidValue = "invalid_value"
        /// The schema version is not the one the reader understands.
        case unknownSchemaVersion = "unknown_schema_version"
        /// The event type is not the one the reader expects.
        case unknownEventType = "unknown_event_type"
        /// The message, one of its values, a field name, its number of fields or its nesting is over a limit of
        /// ``WireLimits``.
        case tooLarge = "too_large"
    }

    /// The kind of problem.
    public let code: Code
    /// The JSON path of the field, e.g. `payload.residentId` or `occurredAt`; `nil` for the whole message.
    public let field: String?
    /// What is wrong, in English, without the field's value.
    public let message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: the kind of problem.
    ///   - field: the JSON path of the field, if any.
    ///   - message: what is wrong; must not contain the field's value.
    public init(code: Code, field: String?, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    /// For example `missing_field at payload.residentId: required field is missing`.
    public var description: String {
        if let field {
            return "\(code.rawValue) at \(field): \(message)"
        }
        return "\(code.rawValue): \(message)"
    }
}
