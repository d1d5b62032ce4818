import Foundation

/// The envelope fields of a message, read without decoding the payload.
public struct EnvelopeHeader: Sendable, Hashable {
    /// The event's unique ID.
    public let eventId: UUID
    /// The event type, e.g. `registration.submitted`.
    public let type: String
    /// The payload schema version.
    public let schemaVersion: Int
    /// When the event happened.
    public let occurredAt: Date
    /// The 9-digit township code.
    public let townshipCode: String

    /// Creates a header.
    ///
    /// - Parameters:
    ///   - eventId: the event's unique ID.
    ///   - type: the event type.
    ///   - schemaVersion: the payload schema version.
    ///   - occurredAt: when the event happened.
    ///   - townshipCode: the 9-digit township code.
    public init(eventId: UUID, type: String, schemaVersion: Int, occurredAt: Date, townshipCode: String) {
        self.eventId = eventId
        self.type = type
        self.schemaVersion = schemaVersion
        self.occurredAt = occurredAt
        self.townshipCode = townshipCode
    }
}
