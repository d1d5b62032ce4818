import Foundation
import PensionDomain

/// One way a message is broken so that `WireDecoder.decode(RegistrationSubmitted.self, from:)` can never read it.
enum Malformation: Sendable, Hashable {
    /// The JSON cut off after this fraction of its bytes (a lost connection, a full buffer).
    case truncated(fraction: Double)
    /// The form's CSV line sent instead of JSON.
    case formLineInsteadOfJSON
    /// A required payload field left out.
    case removedField(String)
    /// A required payload field sent as `null`.
    case nullField(String)
    /// No payload at all.
    case removedPayload
    /// `contributionTierYuan` as a string, `"100"`.
    case tierAsString
    /// `sex` as the GB/T 2261.1 number: 1 male, 2 female.
    case sexAsNumber
    /// `residentId` as a JSON number (only for IDs ending in a digit).
    case residentIdAsNumber
    /// A newer station app's `schemaVersion`.
    case schemaVersion(Int)

    /// The ``PensionDomain/EventDecodingError/Code`` raw value the decoder reports.
    var code: String {
        let code: EventDecodingError.Code =
            switch self {
            case .truncated, .formLineInsteadOfJSON: .malformedJSON
            case .removedField, .nullField, .removedPayload: .missingField
            case .tierAsString, .sexAsNumber, .residentIdAsNumber: .wrongType
            case .schemaVersion: .unknownSchemaVersion
            }
        return code.rawValue
    }

    /// False when the value no longer has a readable event ID.
    var keepsEventId: Bool {
        switch self {
        case .truncated, .formLineInsteadOfJSON: false
        default: true
        }
    }

    private static let requiredFields = [
        "residentId", "name", "sex", "householdNumber", "villageCode", "contributionTierYuan",
    ]

    /// A random malformation, one of the four codes equally likely.
    static func random(residentId: String, using rng: inout SplitMix64) -> Malformation {
        switch rng.below(4) {
        case 0:
            return rng.chance(0.7) ? .truncated(fraction: 0.1 + 0.8 * rng.unit()) : .formLineInsteadOfJSON
        case 1:
            switch rng.below(5) {
            case 0: return .removedPayload
            case 1, 2: return .nullField(rng.element(of: requiredFields))
            default: return .removedField(rng.element(of: requiredFields))
            }
        case 2:
            let numericID = residentId.last?.isNumber == true
            switch rng.below(3) {
            case 0: return .sexAsNumber
            case 1 where numericID: return .residentIdAsNumber
            default: return .tierAsString
            }
        default:
            return .schemaVersion(rng.element(of: [0, 2, 2, 3]))
        }
    }

    /// The broken message made from a correct one.
    ///
    /// - Parameters:
    ///   - value: the correct message value.
    ///   - formLine: the registration as a CSV line, for ``formLineInsteadOfJSON``.
    func apply(to value: Data, formLine: String) -> [UInt8] {
        switch self {
        case .truncated(let fraction):
            let cut = min(max(1, Int(Double(value.count) * fraction)), value.count - 1)
            return Array(value.prefix(cut))
        case .formLineInsteadOfJSON:
            return Array(formLine.utf8)
        case .removedField(let field):
            return Self.edit(value) { $0["payload"] = Self.editing($0["payload"]) { $0[field] = nil } }
        case .nullField(let field):
            return Self.edit(value) { $0["payload"] = Self.editing($0["payload"]) { $0[field] = NSNull() } }
        case .removedPayload:
            return Self.edit(value) { $0["payload"] = nil }
        case .tierAsString:
            return Self.edit(value) { object in
                object["payload"] = Self.editing(object["payload"]) { payload in
                    let tier = payload["contributionTierYuan"] as? Int ?? 100
                    payload["contributionTierYuan"] = String(tier)
                }
            }
        case .sexAsNumber:
            return Self.edit(value) { object in
                object["payload"] = Self.editing(object["payload"]) { payload in
                    payload["sex"] = payload["sex"] as? String == Sex.male.rawValue ? 1 : 2
                }
            }
        case .residentIdAsNumber:
            return Self.edit(value) { object in
                object["payload"] = Self.editing(object["payload"]) { payload in
                    payload["residentId"] = (payload["residentId"] as? String).flatMap { Int64($0) } ?? 0
                }
            }
        case .schemaVersion(let version):
            return Self.edit(value) { $0["schemaVersion"] = version }
        }
    }

    /// `value` parsed as a JSON object, changed, and written back with sorted keys.
    private static func edit(_ value: Data, _ change: (inout [String: Any]) -> Void) -> [UInt8] {
        guard var object = (try? JSONSerialization.jsonObject(with: value)) as? [String: Any] else {
            preconditionFailure("a generated message is not a JSON object")
        }
        change(&object)
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else {
            preconditionFailure("an edited message cannot be written as JSON")
        }
        return Array(data)
    }

    /// `payload` as a JSON object, changed.
    private static func editing(_ payload: Any?, _ change: (inout [String: Any]) -> Void) -> [String: Any] {
        var object = payload as? [String: Any] ?? [:]
        change(&object)
        return object
    }
}
