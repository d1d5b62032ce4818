import Foundation
import PensionDomain

/// One `id.verification.requested` event with the decision taken on it.
///
/// The description masks the resident ID.
public struct VerificationRecord: Sendable, CustomStringConvertible {
    /// The request event's ID; applying the same ID twice changes nothing the second time.
    public var eventId: UUID
    /// Where the event was read from.
    public var source: SourcePosition
    /// The 9-digit township code the request belongs to.
    public var townshipCode: String
    /// The resident ID as stored on the enrollee row.
    public var residentId: String
    /// The decision taken.
    public var decision: VerificationDecision

    /// Creates a record.
    ///
    /// - Parameters:
    ///   - eventId: the request event's ID.
    ///   - source: where the event was read from.
    ///   - townshipCode: the township code.
    ///   - residentId: the resident ID as stored on the enrollee row.
    ///   - decision: the decision taken.
    public init(
        eventId: UUID,
        source: SourcePosition,
        townshipCode: String,
        residentId: String,
        decision: VerificationDecision
    ) {
        self.eventId = eventId
        self.source = source
        self.townshipCode = townshipCode
        self.residentId = residentId
        self.decision = decision
    }

    /// The record with the resident ID masked.
    public var description: String {
        "VerificationRecord(eventId: \(eventId.uuidString), township: \(townshipCode), "
            + "residentId: \(Masking.residentID(residentId)), decision: \(decision))"
    }
}
