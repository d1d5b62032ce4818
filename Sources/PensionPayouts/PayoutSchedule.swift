import Foundation
import PensionDomain
import PensionStore
import PensionWorkers

/// The `payout.requested` events of one month: one per pensioner due, with an event ID derived from the resident
/// and the month alone, so scheduling the month again publishes the very same events (and the payout stage's gate
/// and ledger key drop them).
public enum PayoutSchedule {
    /// The namespace the event IDs derive from.
    static let namespace = UUID(uuidString: "6A1F2C4E-0B7D-4E59-9C1A-2011DEC00001")!

    /// The event ID of a pensioner's request for a month.
    public static func eventId(residentId: String, month: PayoutMonth) -> UUID {
        EventIDs.derived(from: namespace, "payout.requested/\(residentId)/\(month)")
    }

    /// The requests for `month`.
    /// - Parameters:
    ///   - due: the pensioners due (``PensionStore/PayoutStore/pensionersDue(month:today:noticeDays:)``).
    ///   - month: the month paid.
    ///   - occurredAt: the envelopes' time.
    public static func requests(for due: [PensionerDue], month: PayoutMonth, occurredAt: Date)
        -> [EventEnvelope<PayoutRequested>]
    {
        due.map {
            EventEnvelope(
                eventId: eventId(residentId: $0.residentId, month: month), occurredAt: occurredAt,
                townshipCode: $0.townshipCode,
                payload: PayoutRequested(residentId: $0.residentId, month: month.description,
                                         amountFen: $0.monthlyAmountFen, villageCode: $0.villageCode))
        }
    }
}
