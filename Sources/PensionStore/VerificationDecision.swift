import PensionDomain

/// The result of verifying a resident ID number.
public enum VerificationDecision: Sendable, Hashable {
    /// The number is valid; the birth date and sex were read from it.
    case verified(birthDate: CivilDate, sex: Sex)
    /// The number was rejected, e.g. with a ``ResidentIDError/Reason`` raw value such as `bad_check_character`.
    case rejected(reasonCode: String)
}
