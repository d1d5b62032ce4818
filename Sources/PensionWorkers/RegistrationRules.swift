import Foundation
import PensionDomain

/// The shape checks of a registration form: an ID of 15 or 18 digits (the 18th may be `X`), a known township, a
/// village of that township, an offered tier, lengths of the free-text fields.
///
/// Whether the ID is genuine is the ID-verification stage's decision. The checks work on UTF-8 bytes; only text
/// with non-ASCII characters around an ID (an ideographic space, say) takes the slower Unicode path.
struct RegistrationRules: Sendable {
    let townships: TownshipCatalog
    let tiers: Set<Int>

    /// - Throws: `invalid_value` naming the first field that breaks a rule.
    func check(_ event: EventEnvelope<RegistrationSubmitted>) throws(EventDecodingError) {
        let form = event.payload
        func invalid(_ field: String, _ problem: String) -> EventDecodingError {
            EventDecodingError(code: .invalidValue, field: field, message: problem)
        }
        guard townships[code: event.townshipCode] != nil else {
            throw invalid("townshipCode", "not a township of this county")
        }
        guard Self.hasIDShape(form.residentId) else {
            throw invalid("payload.residentId", "must be 18 digits (last may be X) or 15 digits")
        }
        guard Self.hasVisibleCharacter(form.name), form.name.utf8.count <= 40 || form.name.count <= 40 else {
            throw invalid("payload.name", "must be 1 to 40 characters")
        }
        guard !form.householdNumber.isEmpty, form.householdNumber.utf8.count <= 32 || form.householdNumber.count <= 32
        else { throw invalid("payload.householdNumber", "must be 1 to 32 characters") }
        guard Self.isDigits(form.villageCode, 12...12), form.villageCode.utf8.starts(with: event.townshipCode.utf8)
        else { throw invalid("payload.villageCode", "must be 12 digits starting with the township code") }
        guard tiers.contains(form.contributionTierYuan) else {
            throw invalid("payload.contributionTierYuan", "not a contribution tier on offer")
        }
        if let phone = form.phone, !Self.isDigits(phone, 7...15) {
            throw invalid("payload.phone", "must be 7 to 15 digits")
        }
    }

    /// 18 digits (the last may be `X` or `x`) or 15 digits, once spaces and tabs (`CharacterSet.whitespaces`)
    /// around them are trimmed.
    static func hasIDShape(_ raw: String) -> Bool {
        guard raw.utf8.allSatisfy({ $0 < 0x80 }) else {
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            return trimmed.utf8.allSatisfy({ $0 < 0x80 }) && hasIDShape(trimmed)
        }
        let id = raw.utf8.drop { $0 == 0x20 || $0 == 0x09 }.reversed().drop { $0 == 0x20 || $0 == 0x09 }
        switch id.count {
        case 18:
            let last = id.first!  // reversed: the check character comes first
            return id.dropFirst().allSatisfy(isDigit) && (isDigit(last) || last == UInt8(ascii: "X") || last == UInt8(ascii: "x"))
        case 15:
            return id.allSatisfy(isDigit)
        default:
            return false
        }
    }

    /// True unless the text is empty or only spaces, tabs and other `CharacterSet.whitespaces`.
    static func hasVisibleCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains { !isWhitespace($0) }
    }

    /// `CharacterSet.whitespaces` without its lookup cost: tab, the space separators (Unicode category Zs) and, as
    /// Foundation counts it, the zero-width space U+200B.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    private static func isDigits(_ text: String, _ length: ClosedRange<Int>) -> Bool {
        length.contains(text.utf8.count) && text.utf8.allSatisfy(isDigit)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
