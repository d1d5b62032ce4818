import Foundation

/// Turns Foundation's `DecodingError` into an ``EventDecodingError`` with a JSON path and a message that never
/// contains the value being decoded.
enum DecodingErrorMapping {
    static func map(_ error: DecodingError, data: Data) -> EventDecodingError {
        switch error {
        case .keyNotFound(let key, let context):
            return EventDecodingError(
                code: .missingField,
                field: CodingPath.string(context.codingPath + [key]),
                message: "required field is missing"
            )
        case .valueNotFound(_, let context):
            return EventDecodingError(
                code: .missingField,
                field: CodingPath.string(context.codingPath),
                message: "required field is null"
            )
        case .typeMismatch(let type, let context):
            return EventDecodingError(
                code: .wrongType,
                field: context.codingPath.isEmpty ? nil : CodingPath.string(context.codingPath),
                message: "expected a JSON \(jsonTypeName(type))"
            )
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            // Foundation also reports a number that does not fit its Swift type this way, without a path.
            guard (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil else {
                return EventDecodingError(code: .malformedJSON, field: nil, message: "the message is not UTF-8 JSON")
            }
            return EventDecodingError(
                code: .invalidValue,
                field: nil,
                message: "a number does not fit the type of its field"
            )
        case .dataCorrupted(let context):
            return EventDecodingError(
                code: .invalidValue,
                field: CodingPath.string(context.codingPath),
                message: SafeDecodingMessage.all.contains(context.debugDescription)
                    ? context.debugDescription : "the value is not valid for this field"
            )
        @unknown default:
            return EventDecodingError(code: .malformedJSON, field: nil, message: "the message could not be decoded")
        }
    }

    /// The JSON type a Swift type is decoded from.
    private static func jsonTypeName(_ type: Any.Type) -> String {
        let name = String(describing: type)
        if name == "String" || name == "UUID" {
            return "string"
        }
        if name.hasPrefix("Int") || name.hasPrefix("UInt") {
            return "integer"
        }
        if name == "Double" || name == "Float" || name == "Decimal" {
            return "number"
        }
        if name == "Bool" {
            return "boolean"
        }
        if name.hasPrefix("Array") {
            return "array"
        }
        if name.hasPrefix("Dictionary") {
            return "object"
        }
        return "value of type \(name)"
    }
}
