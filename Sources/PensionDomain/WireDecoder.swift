import Foundation

/// Reads event messages written by ``EventEnvelope/encoded()``.
///
/// Unknown fields are ignored. Errors name the field by its JSON path and never contain field values. Every message
/// is held to ``WireLimits``.
///
/// Messages in the simple form the encoder writes are read by a fast path (``WireFields``); anything else, and
/// every error, goes through a strict check of the whole message and then Foundation's `JSONDecoder`, which give the
/// same result for what the fast path reads.
public enum WireDecoder {
    /// Reads and validates the envelope fields without decoding the payload.
    ///
    /// `eventId` must be a UUID, `type` a non-empty string, `schemaVersion` an integer, `occurredAt` an ISO-8601
    /// date-time with a time-zone offset (fractional seconds allowed) and `townshipCode` 9 digits.
    /// - Parameter data: the message value.
    /// - Returns: the envelope fields.
    /// - Throws: ``EventDecodingError`` naming the field and the problem.
    public static func header(of data: Data) throws(EventDecodingError) -> EnvelopeHeader {
        if let header = data.withUnsafeBytes({ $0.withMemoryRebound(to: UInt8.self, fastHeader(of:)) }) {
            return header
        }
        return try foundationHeader(of: data)
    }

    /// Reads and validates the envelope fields of a message held as bytes, as the `Data` variant does.
    ///
    /// - Parameter bytes: the message value.
    /// - Returns: the envelope fields.
    /// - Throws: ``EventDecodingError`` naming the field and the problem.
    public static func header(of bytes: [UInt8]) throws(EventDecodingError) -> EnvelopeHeader {
        if let header = bytes.withUnsafeBufferPointer(fastHeader(of:)) {
            return header
        }
        return try foundationHeader(of: Data(bytes))
    }

    /// The header as read by Foundation's `JSONDecoder` alone, without the fast path.
    static func foundationHeader(of data: Data) throws(EventDecodingError) -> EnvelopeHeader {
        try foundationHeader(of: data, inexactNumbers: scan(data))
    }

    /// The header of a message that passed ``WireScanner``.
    private static func foundationHeader(
        of data: Data,
        inexactNumbers: Set<[String]>
    ) throws(EventDecodingError) -> EnvelopeHeader {
        let raw = try decode(RawHeader.self, from: data, inexactNumbers: inexactNumbers)
        guard let eventId = UUID(uuidString: raw.eventId) else {
            throw EventDecodingError(code: .invalidValue, field: "eventId", message: "must be a UUID")
        }
        guard !raw.type.isEmpty else {
            throw EventDecodingError(code: .invalidValue, field: "type", message: "must not be empty")
        }
        guard WireLimits.eventType.allows(raw.type) else {
            throw EventDecodingError(code: .invalidValue, field: "type", message: WireLimits.eventType.message)
        }
        guard let occurredAt = WireTimestamp.parse(raw.occurredAt) else {
            throw EventDecodingError(
                code: .invalidValue,
                field: "occurredAt",
                message: "must be an ISO-8601 date-time with a time-zone offset, like 2011-11-20T09:30:00+08:00"
            )
        }
        guard Digits.isDigits(raw.townshipCode, count: 9) else {
            throw EventDecodingError(code: .invalidValue, field: "townshipCode", message: "must be 9 digits")
        }
        return EnvelopeHeader(
            eventId: eventId,
            type: raw.type,
            schemaVersion: raw.schemaVersion,
            occurredAt: occurredAt,
            townshipCode: raw.townshipCode
        )
    }

    /// Decodes a whole event whose type and schema version must be those of `P`.
    ///
    /// - Parameters:
    ///   - type: the payload type expected.
    ///   - data: the message value.
    /// - Returns: the event.
    /// - Throws: ``EventDecodingError``: `unknownEventType` if `type` is not `P.eventType`,
    ///   `unknownSchemaVersion` if `schemaVersion` is not `P.schemaVersion`, `tooLarge` for a message over a
    ///   structural limit of ``WireLimits``, or the problem in the fields.
    public static func decode<P: EventPayload>(
        _ type: P.Type,
        from data: Data
    ) throws(EventDecodingError) -> EventEnvelope<P> {
        if let event = data.withUnsafeBytes({ $0.withMemoryRebound(to: UInt8.self) { fastDecode(type, from: $0) } }) {
            return event
        }
        return try foundationDecode(type, from: data)
    }

    // Specialised here for the wire's payloads: a generic call from another module would otherwise look up the
    // envelope's type metadata and call the payload's fields through witness tables for every message.
    /// Decodes a whole event held as bytes, as the `Data` variant does.
    ///
    /// - Parameters:
    ///   - type: the payload type expected.
    ///   - bytes: the message value.
    /// - Returns: the event.
    /// - Throws: ``EventDecodingError``, as the `Data` variant does.
    @_specialize(exported: true, where P == RegistrationSubmitted)
    @_specialize(exported: true, where P == IDVerificationRequested)
    @_specialize(exported: true, where P == IDVerified)
    @_specialize(exported: true, where P == IDRejected)
    public static func decode<P: EventPayload>(
        _ type: P.Type,
        from bytes: [UInt8]
    ) throws(EventDecodingError) -> EventEnvelope<P> {
        if let event = bytes.withUnsafeBufferPointer({ fastDecode(type, from: $0) }) {
            return event
        }
        return try foundationDecode(type, from: Data(bytes))
    }

    /// The event as read by Foundation's `JSONDecoder` alone, without the fast path.
    static func foundationDecode<P: EventPayload>(
        _ type: P.Type,
        from data: Data
    ) throws(EventDecodingError) -> EventEnvelope<P> {
        let inexactNumbers = try scan(data)
        let header = try foundationHeader(of: data, inexactNumbers: inexactNumbers)
        guard header.type == P.eventType else {
            throw EventDecodingError(
                code: .unknownEventType,
                field: "type",
                message: "expected type \(P.eventType)"
            )
        }
        guard header.schemaVersion == P.schemaVersion else {
            throw EventDecodingError(
                code: .unknownSchemaVersion,
                field: "schemaVersion",
                message: "this reader understands only schema version \(P.schemaVersion) of \(P.eventType)"
            )
        }
        let box = try decode(PayloadBox<P>.self, from: data, inexactNumbers: inexactNumbers)
        return EventEnvelope(
            eventId: header.eventId,
            occurredAt: header.occurredAt,
            townshipCode: header.townshipCode,
            payload: box.payload
        )
    }

    /// Checks the whole message with ``WireScanner``.
    ///
    /// - Returns: the paths of numbers that are not integers fitting in 64 bits.
    private static func scan(_ data: Data) throws(EventDecodingError) -> Set<[String]> {
        try data.withUnsafeBytes { $0.withMemoryRebound(to: UInt8.self, WireScanner.scan) }.get()
    }

    private static func decode<T: Decodable>(
        _ type: T.Type,
        from data: Data,
        inexactNumbers: Set<[String]>
    ) throws(EventDecodingError) -> T {
        do {
            let decoder = JSONDecoder()
            decoder.userInfo[.inexactNumbers] = inexactNumbers
            return try decoder.decode(type, from: data)
        } catch let error as DecodingError {
            throw DecodingErrorMapping.map(error, data: data)
        } catch {
            throw EventDecodingError(code: .malformedJSON, field: nil, message: "the message could not be read")
        }
    }

    private struct RawHeader: Decodable {
        let eventId: String
        let type: String
        let schemaVersion: Int
        let occurredAt: String
        let townshipCode: String

        private enum CodingKeys: String, CodingKey {
            case eventId, type, schemaVersion, occurredAt, townshipCode
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            eventId = try container.decode(String.self, forKey: .eventId)
            type = try container.decode(String.self, forKey: .type)
            schemaVersion = try container.decodeInteger(forKey: .schemaVersion)
            occurredAt = try container.decode(String.self, forKey: .occurredAt)
            townshipCode = try container.decode(String.self, forKey: .townshipCode)
        }
    }

    private struct PayloadBox<P: Decodable>: Decodable {
        let payload: P
    }
}
