import Foundation

/// A resident ID number that passed verification (`id.verified`).
public struct IDVerified: EventPayload, Hashable, CustomStringConvertible {
    /// `id.verified`.
    public static let eventType = "id.verified"
    /// 1.
    public static let schemaVersion = 1

    /// The validated 18-character resident ID number (upper-case `X`).
    public let residentId: String
    /// The birth date read from the ID number.
    public let birthDate: CivilDate
    /// The sex read from the ID number.
    public let sex: Sex
    /// The 12-digit village code.
    public let villageCode: String
    /// The `eventId` of the `id.verification.requested` event this answers.
    public let requestEventId: UUID

    /// Creates a verification result.
    ///
    /// - Parameters:
    ///   - residentId: the validated 18-character ID number.
    ///   - birthDate: the birth date from the ID number.
    ///   - sex: the sex from the ID number.
    ///   - villageCode: the 12-digit village code.
    ///   - requestEventId: the request event's ID.
    public init(residentId: String, birthDate: CivilDate, sex: Sex, villageCode: String, requestEventId: UUID) {
        self.residentId = residentId
        self.birthDate = birthDate
        self.sex = sex
        self.villageCode = villageCode
        self.requestEventId = requestEventId
    }

    private enum CodingKeys: String, CodingKey {
        case residentId, birthDate, sex, villageCode, requestEventId
    }

    /// Decodes a verification result; text over its ``WireLimits`` is reported at that field.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        residentId = try container.decodeText(forKey: .residentId, limit: WireLimits.residentId)
        birthDate = try container.decode(CivilDate.self, forKey: .birthDate)
        sex = try container.decode(Sex.self, forKey: .sex)
        villageCode = try container.decodeText(forKey: .villageCode, limit: WireLimits.villageCode)
        requestEventId = try container.decode(UUID.self, forKey: .requestEventId)
    }

    /// Reads a verification result as `init(from:)` does, or returns `nil`.
    public init?(wireFields fields: WireFields) {
        guard let residentId = fields.string("residentId", limit: WireLimits.residentId),
            let birthDate = fields.civilDate("birthDate"),
            let sex = fields.sex("sex"),
            let villageCode = fields.string("villageCode", limit: WireLimits.villageCode),
            let requestEventId = fields.uuid("requestEventId")
        else { return nil }
        self.init(
            residentId: residentId,
            birthDate: birthDate,
            sex: sex,
            villageCode: villageCode,
            requestEventId: requestEventId
        )
    }

    /// Writes the fields in key order.
    public func writeWireFields(to writer: inout WireWriter) {
        writer.write("birthDate", date: birthDate)
        writer.write("requestEventId", uuid: requestEventId)
        writer.write("residentId", string: residentId)
        writer.write("sex", string: sex.rawValue)
        writer.write("villageCode", string: villageCode)
    }

    /// The result with the resident ID masked and the birth date left out.
    public var description: String {
        "IDVerified(residentId: \(Masking.residentID(residentId)), sex: \(sex.rawValue), "
            + "villageCode: \(villageCode), requestEventId: \(requestEventId.uuidString))"
    }
}
