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
    /// `2011-11-20T09:30:00+08:00`, with milliseconds only when they are not zero. The bytes are those of
    /// ``encodedBytes()``.
    /// - Returns: the message value.
    /// - Throws: `EncodingError.invalidValue` if `townshipCode` is not 9 digits.
    public func encoded() throws -> Data {
        Data(try encodedBytes())
    }

    // Specialised for the wire's payloads, as `WireDecoder.decode(_:from:)` is.
    /// The envelope as UTF-8 JSON with sorted keys and no whitespace, as a byte array for a Kafka message.
    ///
    /// Byte for byte what Foundation's `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes` writes for
    /// the envelope's fields; see ``encoded()``.
    /// - Returns: the message value.
    /// - Throws: `EncodingError.invalidValue` if `townshipCode` is not 9 digits.
    @_specialize(exported: true, where Payload == RegistrationSubmitted)
    @_specialize(exported: true, where Payload == IDVerificationRequested)
    @_specialize(exported: true, where Payload == IDVerified)
    @_specialize(exported: true, where Payload == IDRejected)
    public func encodedBytes() throws -> [UInt8] {
        guard Digits.isDigits(townshipCode, count: 9) else {
            let context = EncodingError.Context(
                codingPath: [],
                debugDescription: "townshipCode must be 9 digits"
            )
            throw EncodingError.invalidValue(townshipCode, context)
        }
        return WireWriter.bytes(capacity: 512) { writer in
            writer.beginObject()
            writer.write("eventId", uuid: eventId)
            writer.write("occurredAt", timestamp: occurredAt)
            writer.beginObject("payload")
            payload.writeWireFields(to: &writer)
            writer.endObject()
            writer.write("schemaVersion", integer: Payload.schemaVersion)
            writer.write("townshipCode", string: townshipCode)
            writer.write("type", string: Payload.eventType)
            writer.endObject()
        }
    }

    /// The Kafka headers to send with this event: event type, schema version and event ID.
    public var headers: [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        Self.forEachHeader(eventId: eventId) { headers.append(($0, String(decoding: $1, as: UTF8.self))) }
        return headers
    }

    /// Calls `body` with the name and UTF-8 value of each Kafka header an event of this type and ID is sent with, in
    /// order: event type, schema version, event ID. The values are only valid during the call; nothing is allocated,
    /// so producers can copy them straight into a message.
    @inlinable
    public static func forEachHeader(eventId: UUID, _ body: (String, UnsafeRawBufferPointer) -> Void) {
        var type = Payload.eventType
        type.withUTF8 { body(WireHeaders.eventType, UnsafeRawBufferPointer($0)) }
        var version = String(Payload.schemaVersion)
        version.withUTF8 { body(WireHeaders.schemaVersion, UnsafeRawBufferPointer($0)) }
        eventId.withWireBytes { body(WireHeaders.eventId, $0) }
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
