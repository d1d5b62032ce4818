/// Why a resident ID number was rejected.
///
/// The description names the reason only, never the number itself.
public struct ResidentIDError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The reasons a resident ID number can be rejected; raw values are stable codes for messages and logs.
    public enum Reason: String, Sendable, CaseIterable, Codable {
        /// Nothing but whitespace was given.
        case empty
        /// Neither 18 characters (GB 11643-1999) nor 15 digits (GB 11643-1989).
        case badLength = "bad_length"
        /// A character other than a digit, or an `X` anywhere but the 18th place.
        case badCharacter = "bad_character"
        /// The 18th character does not match the ISO 7064 MOD 11-2 check of the first 17.
        case badCheckCharacter = "bad_check_character"
        /// The birth-date digits are not a real date, or the date is before 1880-01-01.
        case badBirthDate = "bad_birth_date"
        /// A 15-digit number with sequence 996–999, the special codes for people born before 1900.
        case legacyBefore1900 = "legacy_before_1900"

        /// A short explanation in English.
        public var explanation: String {
            switch self {
            case .empty: "no characters were given"
            case .badLength: "must be 18 characters, or 15 digits for an old number"
            case .badCharacter: "only digits are allowed, and X only as the 18th character"
            case .badCheckCharacter: "the 18th character does not match ISO 7064 MOD 11-2"
            case .badBirthDate: "characters 7-14 are not a real birth date on or after 1880-01-01"
            case .legacyBefore1900: "an old 15-digit number with sequence 996-999 (born before 1900); review by hand"
            }
        }
    }

    /// Why the number was rejected.
    public let reason: Reason

    /// Creates an error for `reason`.
    ///
    /// - Parameter reason: why the number was rejected.
    public init(_ reason: Reason) {
        self.reason = reason
    }

    /// For example `resident ID: bad_check_character (the 18th character does not match ISO 7064 MOD 11-2)`.
    public var description: String {
        "resident ID: \(reason.rawValue) (\(reason.explanation))"
    }
}
