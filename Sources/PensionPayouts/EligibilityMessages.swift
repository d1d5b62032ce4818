import Foundation
import PensionDomain
import PensionStore
import PensionWorkers

/// The messages for an eligibility change: pure, and with event IDs derived from the event that caused the change
/// (and the pensioner, for releases), so the same change always gives the same messages.
struct EligibilityMessages: Sendable {
    let eligibilityTopic: String
    let certificateTopic: String
    let plan: PartitionPlan

    /// `basic_pension`.
    static let benefitType = "basic_pension"

    func followUps(for change: EligibilityChange, causedBy record: EligibilityRecord) throws -> [OutboxMessage] {
        switch change {
        case .contributor:
            return []
        case .eligible(let pensioner):
            let id = EventIDs.derived(from: record.eventId, "pension.eligible")
            let payload = PensionEligible(
                residentId: pensioner.residentId, householdNumber: pensioner.householdNumber,
                villageCode: pensioner.villageCode, sex: pensioner.sex, birthDate: pensioner.birthDate,
                monthlyAmountFen: pensioner.monthlyAmountFen, firstPaidMonth: pensioner.firstPaidMonth,
                eligibleOn: pensioner.eligibleOn, verificationEventId: record.eventId)
            return [
                try message(id, record, pensioner, payload, topic: eligibilityTopic),
                try certificate(for: pensioner, eligibilityEventId: id, record: record),
            ]
        case .held(let pensioner, let reason, let missing):
            let id = EventIDs.derived(from: record.eventId, "pension.held")
            let payload = PensionHeld(
                residentId: pensioner.residentId, householdNumber: pensioner.householdNumber,
                villageCode: pensioner.villageCode, reasonCode: reason, membersNotEnrolled: missing,
                verificationEventId: record.eventId)
            return [try message(id, record, pensioner, payload, topic: eligibilityTopic)]
        case .released(let pensioner):
            let id = EventIDs.derived(from: record.eventId, "pension.released/" + pensioner.residentId)
            let payload = PensionReleased(
                residentId: pensioner.residentId, householdNumber: pensioner.householdNumber,
                villageCode: pensioner.villageCode, monthlyAmountFen: pensioner.monthlyAmountFen,
                firstPaidMonth: pensioner.firstPaidMonth, eligibleOn: pensioner.eligibleOn,
                releasedByEventId: record.eventId)
            return [
                try message(id, record, pensioner, payload, topic: eligibilityTopic),
                try certificate(for: pensioner, eligibilityEventId: id, record: record),
            ]
        }
    }

    private func certificate(for pensioner: Pensioner, eligibilityEventId: UUID, record: EligibilityRecord) throws
        -> OutboxMessage
    {
        let payload = CertificatePrintRequested(
            residentId: pensioner.residentId, name: pensioner.name, sex: pensioner.sex,
            birthDate: pensioner.birthDate, villageCode: pensioner.villageCode, benefitType: Self.benefitType,
            monthlyAmountFen: pensioner.monthlyAmountFen, firstPaidMonth: pensioner.firstPaidMonth,
            bankAccountMasked: pensioner.bankAccount.map(Masking.bankCard), eligibleOn: pensioner.eligibleOn,
            eligibilityEventId: eligibilityEventId)
        let id = EventIDs.derived(from: eligibilityEventId, CertificatePrintRequested.eventType)
        return try message(id, record, pensioner, payload, topic: certificateTopic)
    }

    private func message<Payload: EventPayload>(
        _ id: UUID, _ record: EligibilityRecord, _ pensioner: Pensioner, _ payload: Payload, topic: String
    ) throws -> OutboxMessage {
        let envelope = EventEnvelope(
            eventId: id, occurredAt: record.occurredAt, townshipCode: pensioner.townshipCode, payload: payload)
        return try FollowUp(envelope, topic: topic, key: pensioner.residentId).placed(by: plan)
    }
}
