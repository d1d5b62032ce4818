import Foundation
import PensionDomain

/// One `id.verified` or `id.rejected` event as the eligibility stage applies it.
///
/// Whether a verified resident is eligible, held or a contributor, and whether their verification releases held
/// household members, depends on what other events did; the store decides it inside the batch's transaction
/// (``EligibilityStore``), so every order of arrival ends in the same state and a release happens once.
public struct EligibilityRecord: StageRecord, CustomStringConvertible {
    /// The verification result's event ID.
    public var eventId: UUID
    /// Where it was read.
    public var source: SourcePosition
    /// The 9-digit township code.
    public var townshipCode: String
    /// When the result occurred (the envelope's `occurredAt`).
    public var occurredAt: Date
    /// The resident ID, normalised to 18 characters.
    public var residentId: String
    /// What verification found; `nil` for `id.rejected` (nothing to decide).
    public var verified: Verified?

    /// What `id.verified` tells about the resident.
    public struct Verified: Sendable, Hashable {
        /// The birth date read from the ID number.
        public var birthDate: CivilDate
        /// The sex read from the ID number.
        public var sex: Sex
        /// The 12-digit village code.
        public var villageCode: String
        /// The business day of the verification (China Standard Time).
        public var verifiedOn: CivilDate

        /// Creates the verified facts; see the properties.
        public init(birthDate: CivilDate, sex: Sex, villageCode: String, verifiedOn: CivilDate) {
            self.birthDate = birthDate
            self.sex = sex
            self.villageCode = villageCode
            self.verifiedOn = verifiedOn
        }
    }

    /// Creates a record; see the properties.
    public init(
        eventId: UUID, source: SourcePosition, townshipCode: String, occurredAt: Date, residentId: String,
        verified: Verified?
    ) {
        self.eventId = eventId
        self.source = source
        self.townshipCode = townshipCode
        self.occurredAt = occurredAt
        self.residentId = residentId
        self.verified = verified
    }

    /// The record with the resident ID masked.
    public var description: String {
        "EligibilityRecord(eventId: \(eventId.uuidString), township: \(townshipCode), "
            + "residentId: \(Masking.residentID(residentId)), verified: \(verified != nil))"
    }
}
