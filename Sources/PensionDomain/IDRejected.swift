import Foundation

/// A resident ID number that failed verification (`id.rejected`).
public struct IDRejected: EventPayload, Hashable, CustomStringConvertible {
    /// `id.rejected`.
    public static let eventType = "id.rejected"
    /// 1.
    public static let schemaVersion = 1

    /// The resident ID number as registered, possibly invalid.
    public let residentId: String
    /// Why it was rejected, e.g. a ``ResidentIDError/Reason`` raw value such as `bad_check_character`.
    public let reasonCode: String
    /// The 12-digit village code.
    public let villageCode: String
    /// The `eventId` of the `id.verification.requested` event this answers.
    public let requestEventId: UUID

    /// Creates a rejection.
    ///
    /// - Parameters:
    ///   - residentId: the ID number as registered.
    ///   - reasonCode: why it was rejected.
    ///   - villageCode: the 12-digit village code.
    ///   - requestEventId: the request event's ID.
    public init(residentId: String, reasonCode: String, villageCode: String, requestEventId: UUID) {
        self.residentId = residentId
        self.reasonCode = reasonCode
        self.villageCode = villageCode
        self.requestEventId = requestEventId
    }

    private enum CodingKeys: String, CodingKey {
        case residentId, reasonCode, villageCode, requestEventId
    }

    /// Decodes a rejection; text over its ``WireLimits`` is reported at that field.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        residentId = try container.decodeText(forKey: .residentId, limit: WireLimits.residentId)
        reasonCode = try container.decodeText(forKey: .reasonCode, limit: WireLimits.reasonCode)
        villageCode = try container.decodeText(forKey: .villageCode, limit: WireLimits.villageCode)
        requestEventId = try container.decode(UUID.self, forKey: .requestEventId)
    }

    /// Reads a rejection as `init(from:)` does, or returns `nil`.
    public init?(wireFields fields: WireFields) {
        guard let residentId = fields.string("residentId", limit: WireLimits.residentId),
            let reasonCode = fields.string("reasonCode", limit: WireLimits.reasonCode),
            let villageCode = fields.string("villageCode", limit: WireLimits.villageCode),
            let requestEventId = fields.uuid("requestEventId")
        else { return nil }
        self.init(
            residentId: residentId,
            reasonCode: reasonCode,
            villageCode: villageCode,
            requestEventId: requestEventId
        )
    }

    /// Writes the fields in key order.
    public func writeWireFields(to writer: inout WireWriter) {
        writer.write("reasonCode", string: reasonCode)
        writer.write("requestEventId", uuid: requestEventId)
        writer.write("residentId", string: residentId)
        writer.write("villageCode", string: villageCode)
    }

    /// The rejection with the resident ID masked.
    public var description: String {
        "IDRejected(residentId: \(Masking.residentID(residentId)), reasonCode: \(reasonCode), "
            + "villageCode: \(villageCode), requestEventId: \(requestEventId.uuidString))"
    }
}
