import Foundation
import PensionDomain

/// The checks of a registration form that decide whether it can be recorded at all: a resident ID to key it by (not
/// empty; the decoder limits its length), a known township, a village of that township, an offered tier,
/// lengths of the free-text fields. A form that fails one is a dead letter.
///
/// Whether the ID is well formed and genuine is the ID-verification stage's decision: an ID of the wrong length or
/// with letters is recorded and answered with `id.rejected` (`bad_length`, `bad_character`, …) there, so the
/// station sees it, instead of being parked here.
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
        guard Self.hasVisibleCharacter(form.residentId) else {
            throw invalid("payload.residentId", "must not be empty")
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
