/// Why the ID-verification worker rejects an enrollee; raw values are the `reasonCode` of `id.rejected`.
///
/// The reasons the generator produces. `bad_check_character` and `bad_birth_date` are
/// ``PensionDomain/ResidentIDError/Reason`` raw values; ``PensionDomain/IDVerificationPolicy`` has further codes
/// (`not_in_household_register`, `born_after_reference_date`, other ID-format codes) that generated data never needs.
public enum RejectionReason: String, Sendable, Hashable, CaseIterable, Codable {
    /// The 18th character does not match the ISO 7064 MOD 11-2 check of the first 17.
    case badCheckCharacter = "bad_check_character"
    /// Characters 7–14 are not a real birth date on or after 1880-01-01.
    case badBirthDate = "bad_birth_date"
    /// The ID is valid but its division code is not in ``VerificationRules/acceptedDivisionCodes``.
    case regionNotAccepted = "region_not_accepted"
    /// The resident is younger than ``VerificationRules/minimumAge`` on ``VerificationRules/referenceDate``.
    case underMinimumAge = "under_minimum_age"
    /// The household register lists the ID under another household number than the form's.
    case householdMismatch = "household_mismatch"
}
