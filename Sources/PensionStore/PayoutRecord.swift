import Foundation
import PensionDomain

/// One event of `pension.payout` as the payout stage applies it to the ledger.
public struct PayoutRecord: StageRecord, CustomStringConvertible {
    /// The event's ID.
    public var eventId: UUID
    /// Where it was read.
    public var source: SourcePosition
    /// The 9-digit township code.
    public var townshipCode: String
    /// What happened.
    public var change: Change

    /// The ledger change an event asks for.
    public enum Change: Sendable, Hashable {
        /// `payout.requested`: one month's pension for a pensioner.
        case requested(residentId: String, month: String, amountFen: Int, villageCode: String)
        /// `bankcard.issued`: a card for a resident.
        case cardIssued(residentId: String, cardNumber: String, issuedOn: CivilDate)
        /// `payout.completed`: the bank credited a record of a batch.
        case completed(residentId: String, month: String, batchId: String)
        /// `payout.failed`: the bank did not, with a reason code.
        case failed(residentId: String, month: String, batchId: String, reasonCode: String)

        /// The resident the change is about.
        public var residentId: String {
            switch self {
            case .requested(let id, _, _, _), .cardIssued(let id, _, _), .completed(let id, _, _),
                .failed(let id, _, _, _):
                return id
            }
        }
    }

    /// Creates a record; see the properties.
    public init(eventId: UUID, source: SourcePosition, townshipCode: String, change: Change) {
        self.eventId = eventId
        self.source = source
        self.townshipCode = townshipCode
        self.change = change
    }

    /// The record with the resident ID masked and no card number.
    public var description: String {
        "PayoutRecord(eventId: \(eventId.uuidString), township: \(townshipCode), "
            + "residentId: \(Masking.residentID(change.residentId)))"
    }
}

/// What the payout stage did with one event.
public enum PayoutOutcome: String, Sendable, Equatable, CaseIterable {
    /// A ledger row was created, ready to be paid (a card is known).
    case ready
    /// A ledger row was created, held until a card arrives.
    case heldNoCard = "held_no_card"
    /// The pensioner already has a payment for that month: nothing changed (the ledger's key).
    case duplicate
    /// The resident is not an eligible pensioner: no ledger row.
    case notEligible = "not_eligible"
    /// A card was recorded; held payments of the resident became ready.
    case cardRecorded = "card_recorded"
    /// A batched payment was marked paid.
    case paid
    /// A batched payment failed and went back to ready, held or stopped.
    case failed
    /// A bank result that matches no batched payment (already settled, or another batch): nothing changed.
    case ignored
}
