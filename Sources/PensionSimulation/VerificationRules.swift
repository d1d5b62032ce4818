import PensionDomain

/// The ID-verification rules the simulation's expected counts rely on.
///
/// The defaults match `config/pension.json` (`verification`). The checks themselves are the domain's
/// ``PensionDomain/IDVerificationPolicy`` (see ``policy``); their order matters to the expected reason codes because a
/// record is generated with one thing wrong, but a mistyped ID, for example, is also absent from the register.
public struct VerificationRules: Sendable, Hashable {
    /// Zhongjiang County's division code.
    public static let countyDivisionCode = "510623"
    /// Zhongjiang County (510623) and the neighbouring Deyang divisions whose ID numbers the county accepts
    /// because residents were first registered there: Jingyang District (510603) and Guanghan City (510681).
    public static let defaultAcceptedDivisionCodes: Set<String> = ["510623", "510603", "510681"]
    /// The date of the county launch meeting, 2011-11-18.
    public static let defaultReferenceDate = CivilDate(year: 2011, month: 11, day: 18)!

    /// Division codes (ID characters 1–6) whose holders may enrol here.
    public var acceptedDivisionCodes: Set<String>
    /// The youngest age, in completed years on ``referenceDate``, at which a resident may enrol: 16.
    public var minimumAge: Int
    /// The day on which ages are computed.
    public var referenceDate: CivilDate

    /// Creates rules.
    ///
    /// - Parameters:
    ///   - acceptedDivisionCodes: division codes whose holders may enrol.
    ///   - minimumAge: the youngest age allowed.
    ///   - referenceDate: the day on which ages are computed.
    public init(
        acceptedDivisionCodes: Set<String> = VerificationRules.defaultAcceptedDivisionCodes,
        minimumAge: Int = 16,
        referenceDate: CivilDate = VerificationRules.defaultReferenceDate
    ) {
        self.acceptedDivisionCodes = acceptedDivisionCodes
        self.minimumAge = minimumAge
        self.referenceDate = referenceDate
    }

    /// The domain's ID-verification policy with these rules, as the ID-verification worker applies it.
    public var policy: IDVerificationPolicy {
        IDVerificationPolicy(
            referenceDate: referenceDate,
            minimumAge: minimumAge,
            acceptedDivisionCodes: acceptedDivisionCodes
        )
    }

    /// The reason code the ID-verification worker gives, or `nil` when the resident is verified.
    ///
    /// Delegates to ``policy``, which checks in this order: the ID number parses
    /// (``PensionDomain/ResidentIDError/Reason`` raw values such as `bad_check_character` or `bad_birth_date`), its
    /// division is accepted (`region_not_accepted`), the resident is born by the reference date and old enough
    /// (`under_minimum_age`), the household register lists the ID (`not_in_household_register`) under the form's
    /// household number (`household_mismatch`). The generator only produces the codes of ``RejectionReason``.
    /// - Parameters:
    ///   - residentId: the ID number as typed on the form.
    ///   - householdNumber: the household number on the form.
    ///   - registeredHouseholdNumber: the household number the register lists for the ID, `nil` if it is not listed.
    /// - Returns: a reason code, or `nil`.
    public func rejectionReason(
        residentId: String,
        householdNumber: String,
        registeredHouseholdNumber: String?
    ) -> String? {
        let decision = policy.decide(
            residentId: residentId,
            householdNumber: householdNumber,
            registeredHouseholdNumber: registeredHouseholdNumber
        )
        switch decision {
        case .verified: return nil
        case .rejected(let reason): return reason
        }
    }
}
