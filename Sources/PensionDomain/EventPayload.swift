/// The payload of one event type, carried in an ``EventEnvelope``.
public protocol EventPayload: Codable, Sendable {
    /// The envelope `type` for this payload, e.g. `registration.submitted`.
    static var eventType: String { get }
    /// The payload schema version this type reads and writes.
    static var schemaVersion: Int { get }
}
