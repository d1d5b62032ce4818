import Foundation

/// One event as sent on Kafka: the envelope fields and a typed payload.
///
/// On the wire: `{"eventId", "type", "schemaVersion", "occurredAt", "townshipCode", "payload"}` as UTF-8 JSON.
/// Decode with ``WireDecoder``.
public struct EventEnvelope<Payload: EventPayload>: Sendable {
    /// A unique ID for this event.
    public let eventId: UUID
    /// When the event happened.
    public let occurredAt: Date
    /// The 9-digit code of the township the event belongs to; it chooses the partitions.
    public let townshipCode: String
    /// The event's content.
    public let payload: Payload

    /// Creates an envelope.
    ///
    /// - Parameters:
    ///   - eventId: a unique ID; a new random one by default.
    ///   - occurredAt: when the event happened; now by default.
    ///   - townshipCode: the 9-digit township code.
    ///   - payload: the event's content.
    public init(eventId: UUID = UUID(), occurredAt: Date = Date(), townshipCode: String, payload: Payload) {
        self.eventId = eventId
        self.occurredAt = occurredAt
        self.townshipCode = townshipCode
        self.payload = payload
    }

    /// The envelope as UTF-8 JSON with sorted keys.
    ///
    /// `type` and `schemaVersion` come from `Payload`. `occurredAt` is written in China Standard Time, e.g.
    /// `2011-11-20T09:30:00+08:00`, with milliseconds only when they are not zero.
    /// - Returns: the message value.
    /// - Throws: `EncodingError.invalidValue` if `townshipCode` is not 9 digits, or an error from the payload.
    public func encoded() throws -> Data {
        guard Digits.isDigits(townshipCode, count: 9) else {
            let context = EncodingError.Context(
                codingPath: [],
                debugDescription: "townshipCode must be 9 digits"
            )
            throw EncodingError.invalidValue(townshipCode, context)
        }
        let wire = Wire(
            eventId: eventId,
            type: Payload.eventType,
            schemaVersion: Payload.schemaVersion,
            occurredAt: WireTimestamp.format(occurredAt),
            townshipCode: townshipCode,
            payload: payload
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(wire)
    }

    /// The Kafka headers to send with this event: event type, schema version and event ID.
    public var headers: [(name: String, value: String)] {
        [
            (WireHeaders.eventType, Payload.eventType),
            (WireHeaders.schemaVersion, String(Payload.schemaVersion)),
            (WireHeaders.eventId, eventId.uuidString),
        ]
    }

    private struct Wire: Encodable {
        let eventId: UUID
        let type: String
        let schemaVersion: Int
        let occurredAt: String
        let townshipCode: String
        let payload: Payload
    }
}

extension EventEnvelope: Equatable where Payload: Equatable {}

extension EventEnvelope: CustomStringConvertible {
    /// The envelope fields and the payload's own description (payloads mask personal data).
    public var description: String {
        "\(Payload.eventType) \(eventId.uuidString) township \(townshipCode) at \(WireTimestamp.format(occurredAt)): "
            + "\(payload)"
    }
}
