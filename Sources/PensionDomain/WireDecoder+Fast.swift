import Foundation

extension WireDecoder {
    /// The header if `bytes` are in the simple form and valid; `nil` to let Foundation read them.
    static func fastHeader(of bytes: UnsafeBufferPointer<UInt8>) -> EnvelopeHeader? {
        guard let fields = WireFieldsParser.parse(bytes),
            let type = fields.string("type", limit: WireLimits.eventType), !type.isEmpty,
            let schemaVersion = fields.integer("schemaVersion"),
            let parts = envelopeParts(fields)
        else { return nil }
        return EnvelopeHeader(
            eventId: parts.eventId,
            type: type,
            schemaVersion: schemaVersion,
            occurredAt: parts.occurredAt,
            townshipCode: parts.townshipCode
        )
    }

    /// The event if `bytes` are in the simple form, of type `P` at its schema version, and valid; `nil` to let
    /// Foundation read them.
    static func fastDecode<P: EventPayload>(
        _ type: P.Type,
        from bytes: UnsafeBufferPointer<UInt8>
    ) -> EventEnvelope<P>? {
        guard let fields = WireFieldsParser.parse(bytes),
            let typeBytes = fields.stringBytes("type"), isEventType(P.self, typeBytes),
            fields.integer("schemaVersion") == P.schemaVersion,
            let parts = envelopeParts(fields),
            let payloadFields = fields.object("payload"),
            let payload = P(wireFields: payloadFields)
        else { return nil }
        return EventEnvelope(
            eventId: parts.eventId,
            occurredAt: parts.occurredAt,
            townshipCode: parts.townshipCode,
            payload: payload
        )
    }

    private static func isEventType<P: EventPayload>(_ type: P.Type, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var eventType = P.eventType
        return eventType.withUTF8 { WireFields.equal($0, bytes) }
    }

    /// The envelope fields other than `type` and `schemaVersion`, checked as ``WireDecoder/header(of:)`` does.
    private static func envelopeParts(
        _ fields: WireFields
    ) -> (eventId: UUID, occurredAt: Date, townshipCode: String)? {
        guard let eventId = fields.uuid("eventId"),
            let occurredAt = fields.stringBytes("occurredAt").flatMap(WireTimestamp.parse(_:)),
            let townshipCode = fields.stringBytes("townshipCode"),
            townshipCode.count == 9, townshipCode.allSatisfy(Digits.isDigit)
        else { return nil }
        return (eventId, occurredAt, String(decoding: townshipCode, as: UTF8.self))
    }
}
