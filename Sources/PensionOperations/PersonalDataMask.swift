import Foundation
import PensionDomain

/// Masks the personal data in a dead letter's JSON value for an operator's screen: resident IDs, names, phone
/// numbers and bank accounts, at any depth, with the ``Masking`` helpers (a phone keeps its last 4 digits, as a card).
public enum PersonalDataMask {
    /// Field names whose text values are masked, with how.
    static let fields: [String: @Sendable (String) -> String] = [
        "residentId": Masking.residentID,
        "name": Masking.name,
        "phone": Masking.bankCard,
        "bankAccount": Masking.bankCard,
        "bankAccountMasked": Masking.bankCard,
        "cardNumber": Masking.bankCard,
    ]

    /// The value as indented JSON with sorted keys, personal data masked unless `reveal`; `nil` when it is not a
    /// JSON object or array (unreadable or cut to fit), since nothing in it could then be masked with certainty.
    ///
    /// - Parameters:
    ///   - value: the message value.
    ///   - reveal: whether to leave the values as they are.
    public static func render(_ value: [UInt8], reveal: Bool) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(value)),
            object is [String: Any] || object is [Any]
        else { return nil }
        let shown = reveal ? object : mask(object)
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: shown, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The message key (a resident ID for every event about a resident) masked as a resident ID.
    public static func key(_ key: [UInt8]?, reveal: Bool) -> String {
        guard let key else { return "(none)" }
        let text = String(decoding: key, as: UTF8.self)
        return reveal ? text : Masking.residentID(text)
    }

    private static func mask(_ value: Any) -> Any {
        if let object = value as? [String: Any] {
            var masked: [String: Any] = [:]
            for (name, field) in object {
                if let text = field as? String, let masker = fields[name] {
                    masked[name] = masker(text)
                } else {
                    masked[name] = mask(field)
                }
            }
            return masked
        }
        if let array = value as? [Any] { return array.map(mask) }
        return value
    }
}
