import Foundation

/// The Kafka message key of an event, which is also the key ``PartitionPlan`` hashes.
public enum MessageKey {
    /// The key for an event about a resident: the 18-character ID number (upper-case `X`) when `raw` is valid,
    /// otherwise `raw` with surrounding whitespace trimmed, so that an invalid number still has a stable key.
    ///
    /// - Parameter raw: the resident ID number as typed.
    /// - Returns: the key.
    public static func resident(_ raw: String) -> String {
        (try? ResidentID.parse(raw).value) ?? raw.trimmingWhitespace()
    }

    /// The key for an event without a resident: its event ID as an upper-case UUID string.
    ///
    /// - Parameter eventId: the event's ID.
    /// - Returns: the key.
    public static func event(_ eventId: UUID) -> String {
        eventId.wireString
    }
}
