/// The payload of one event type, carried in an ``EventEnvelope``.
public protocol EventPayload: Codable, Sendable {
    /// The envelope `type` for this payload, e.g. `registration.submitted`.
    static var eventType: String { get }
    /// The payload schema version this type reads and writes.
    static var schemaVersion: Int { get }

    /// Reads the payload from the fields of a message's `payload` object, for ``WireDecoder``'s fast path.
    ///
    /// Must accept only what `init(from:)` accepts, and give the same value; unknown keys are ignored, optional
    /// fields may be absent or `null`.
    /// - Parameter wireFields: the fields of the `payload` object.
    /// - Returns: `nil` for anything not clearly valid, which ``WireDecoder`` then reads with `init(from:)`.
    init?(wireFields: WireFields)

    /// Writes the payload's fields, in ascending key order, as `encode(to:)` with Foundation's `JSONEncoder`
    /// would, leaving out optional fields without a value.
    ///
    /// - Parameter writer: the writer of the `payload` object.
    func writeWireFields(to writer: inout WireWriter)
}
