import Foundation

/// A request to check a registered resident's ID number (`id.verification.requested`).
public struct IDVerificationRequested: EventPayload, Hashable, CustomStringConvertible {
    /// `id.verification.requested`.
    public static let eventType = "id.verification.requested"
    /// 1.
    public static let schemaVersion = 1

    /// The resident ID number as registered; not yet validated.
    public let residentId: String
    /// The household register number.
    public let householdNumber: String
    /// The 12-digit village code.
    public let villageCode: String
    /// The `eventId` of the `registration.submitted` event this request comes from.
    public let registrationEventId: UUID

    /// Creates a request.
    ///
    /// - Parameters:
    ///   - residentId: the ID number as registered.
    ///   - householdNumber: the household register number.
    ///   - villageCode: the 12-digit village code.
    ///   - registrationEventId: the registration event's ID.
    public init(residentId: String, householdNumber: String, villageCode: String, registrationEventId: UUID) {
        self.residentId = residentId
        self.householdNumber = householdNumber
        self.villageCode = villageCode
        self.registrationEventId = registrationEventId
    }

    private enum CodingKeys: String, CodingKey {
        case residentId, householdNumber, villageCode, registrationEventId
    }

    /// Decodes a request; text over its ``WireLimits`` is reported at that field.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        residentId = try container.decodeText(forKey: .residentId, limit: WireLimits.residentId)
        householdNumber = try container.decodeText(forKey: .householdNumber, limit: WireLimits.householdNumber)
        villageCode = try container.decodeText(forKey: .villageCode, limit: WireLimits.villageCode)
        registrationEventId = try container.decode(UUID.self, forKey: .registrationEventId)
    }

    /// Reads a request as `init(from:)` does, or returns `nil`.
    public init?(wireFields fields: WireFields) {
        guard let residentId = fields.string("residentId", limit: WireLimits.residentId),
            let householdNumber = fields.string("householdNumber", limit: WireLimits.householdNumber),
            let villageCode = fields.string("villageCode", limit: WireLimits.villageCode),
            let registrationEventId = fields.uuid("registrationEventId")
        else { return nil }
        self.init(
            residentId: residentId,
            householdNumber: householdNumber,
            villageCode: villageCode,
            registrationEventId: registrationEventId
        )
    }

    /// Writes the fields in key order.
    public func writeWireFields(to writer: inout WireWriter) {
        writer.write("householdNumber", string: householdNumber)
        writer.write("registrationEventId", uuid: registrationEventId)
        writer.write("residentId", string: residentId)
        writer.write("villageCode", string: villageCode)
    }

    /// The request with the resident ID masked.
    public var description: String {
        "IDVerificationRequested(residentId: \(Masking.residentID(residentId)), villageCode: \(villageCode), "
            + "registrationEventId: \(registrationEventId.uuidString))"
    }
}
