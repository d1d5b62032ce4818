import Foundation

/// A verified resident aged 60 or more whose pension waits (`pension.held`, keyed by resident ID on
/// `pension.eligibility`); reason codes in `docs/wire-format.md`. Family-binding holds are released by
/// `pension.released` when the last member of contribution age is verified.
public struct PensionHeld: EventPayload, Hashable, CustomStringConvertible {
    /// `pension.held`.
    public static let eventType = "pension.held"
    /// 1.
    public static let schemaVersion = 1

    /// `family_binding`: household members of contribution age are not enrolled (verified) yet.
    public static let familyBinding = "family_binding"
    /// `not_in_register`: the resident is not in the household register, so binding cannot be decided.
    public static let notInRegister = "not_in_register"
    /// `no_registration`: the store has no registration for the resident (a replayed or reordered topic).
    public static let noRegistration = "no_registration"

    /// The 18-character resident ID number.
    public let residentId: String
    /// The household register number (empty when not in the register).
    public let householdNumber: String
    /// The 12-digit village code.
    public let villageCode: String
    /// Why the pension waits.
    public let reasonCode: String
    /// Household members of contribution age not enrolled yet (0 for other reasons).
    public let membersNotEnrolled: Int
    /// The `id.verified` event this answers.
    public let verificationEventId: UUID

    /// Creates the event; see the properties.
    public init(
        residentId: String, householdNumber: String, villageCode: String, reasonCode: String,
        membersNotEnrolled: Int, verificationEventId: UUID
    ) {
        self.residentId = residentId
        self.householdNumber = householdNumber
        self.villageCode = villageCode
        self.reasonCode = reasonCode
        self.membersNotEnrolled = membersNotEnrolled
        self.verificationEventId = verificationEventId
    }

    private enum CodingKeys: String, CodingKey {
        case residentId, householdNumber, villageCode, reasonCode, membersNotEnrolled, verificationEventId
    }

    /// Decodes the event; text over its limit is reported at that field.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        residentId = try container.decodeText(forKey: .residentId, limit: WireLimits.residentId)
        householdNumber = try container.decodeText(forKey: .householdNumber, limit: WireLimits.householdNumber)
        villageCode = try container.decodeText(forKey: .villageCode, limit: WireLimits.villageCode)
        reasonCode = try container.decodeText(forKey: .reasonCode, limit: WireLimits.reasonCode)
        membersNotEnrolled = try container.decodeInteger(forKey: .membersNotEnrolled)
        verificationEventId = try container.decode(UUID.self, forKey: .verificationEventId)
    }

    /// Reads the event as `init(from:)` does, or returns `nil`.
    public init?(wireFields fields: WireFields) {
        guard let residentId = fields.string("residentId", limit: WireLimits.residentId),
            let householdNumber = fields.string("householdNumber", limit: WireLimits.householdNumber),
            let villageCode = fields.string("villageCode", limit: WireLimits.villageCode),
            let reasonCode = fields.string("reasonCode", limit: WireLimits.reasonCode),
            let membersNotEnrolled = fields.integer("membersNotEnrolled"),
            let verificationEventId = fields.uuid("verificationEventId")
        else { return nil }
        self.init(
            residentId: residentId, householdNumber: householdNumber, villageCode: villageCode,
            reasonCode: reasonCode, membersNotEnrolled: membersNotEnrolled, verificationEventId: verificationEventId
        )
    }

    /// Writes the fields in key order.
    public func writeWireFields(to writer: inout WireWriter) {
        writer.write("householdNumber", string: householdNumber)
        writer.write("membersNotEnrolled", integer: membersNotEnrolled)
        writer.write("reasonCode", string: reasonCode)
        writer.write("residentId", string: residentId)
        writer.write("verificationEventId", uuid: verificationEventId)
        writer.write("villageCode", string: villageCode)
    }

    /// The event with the resident ID masked.
    public var description: String {
        "PensionHeld(residentId: \(Masking.residentID(residentId)), villageCode: \(villageCode), "
            + "reasonCode: \(reasonCode), membersNotEnrolled: \(membersNotEnrolled))"
    }
}
