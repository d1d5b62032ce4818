import Foundation
/// The rules of the ID-verification stage, from `verification.*` in `config/pension.json`.
public struct IDVerificationPolicy: Sendable {
    /// The date ages are computed on (the drive's start).
    public var referenceDate: CivilDate
    /// The youngest age that may enroll.
    public var minimumAge: Int
    /// Division codes (first 6 ID digits) accepted as places of first registration.
    public var acceptedDivisionCodes: Set<String>

    /// - Parameters:
    ///   - referenceDate: the date ages are computed on.
    ///   - minimumAge: the youngest age that may enroll; 16 under the national guidelines.
    ///   - acceptedDivisionCodes: accepted places of first registration.
    public init(referenceDate: CivilDate, minimumAge: Int = 16, acceptedDivisionCodes: Set<String>) {
        self.referenceDate = referenceDate
        self.minimumAge = minimumAge
        self.acceptedDivisionCodes = acceptedDivisionCodes
    }

    /// Decides one request. Reason codes: the ``ResidentIDError/Reason`` codes, `region_not_accepted`,
    /// `born_after_reference_date`, `under_minimum_age`, `not_in_household_register`, `household_mismatch`.
    /// - Parameters:
    ///   - raw: the resident ID as registered.
    ///   - householdNumber: the household number on the form.
    ///   - registeredHouseholdNumber: the resident's household number in the reference register, if listed.
    public func decide(residentId raw: String, householdNumber: String, registeredHouseholdNumber: String?) -> Decision {
        let id: ResidentID
        do { id = try ResidentID.parse(raw) } catch { return .rejected(error.reason.rawValue) }
        guard acceptedDivisionCodes.contains(id.divisionCode) else { return .rejected("region_not_accepted") }
        guard id.birthDate <= referenceDate else { return .rejected("born_after_reference_date") }
        guard id.birthDate.years(until: referenceDate) >= minimumAge else { return .rejected("under_minimum_age") }
        guard let registeredHouseholdNumber else { return .rejected("not_in_household_register") }
        guard registeredHouseholdNumber == householdNumber else { return .rejected("household_mismatch") }
        return .verified(id)
    }

    /// The outcome of one check.
    public enum Decision: Sendable, Hashable {
        /// The ID is genuine and matches the household register.
        case verified(ResidentID)
        /// Rejected, with a reason code.
        case rejected(String)
    }
}
