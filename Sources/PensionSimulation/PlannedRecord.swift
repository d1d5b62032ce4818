import Foundation
import PensionDomain

/// A record decided on but not yet encoded.
struct PlannedRecord: Sendable {
    var townshipCode: String
    var payload: RegistrationSubmitted
    var kind: GeneratedRecord.Kind
    var malformation: Malformation?
    /// The form's id, written to form files; ``eventId`` derives from it.
    var formId: String
    var eventId: UUID
    var occurredAt: Date
    /// The order of planning; breaks ties between equal times.
    var serial: Int

    /// The message, encoded and, for a malformed record, broken.
    func encoded() -> GeneratedRecord {
        let envelope = EventEnvelope(
            eventId: eventId,
            occurredAt: occurredAt,
            townshipCode: townshipCode,
            payload: payload
        )
        let data: Data
        do {
            data = try envelope.encoded()
        } catch {
            preconditionFailure("a generated registration cannot be encoded")
        }
        guard let malformation else {
            return GeneratedRecord(
                townshipCode: townshipCode,
                residentId: payload.residentId,
                value: Array(data),
                kind: kind,
                eventId: eventId,
                occurredAt: occurredAt,
                payload: payload,
                formId: formId
            )
        }
        let formLine = CSVWriter.line(FormRow(line: 0, townshipCode: townshipCode, payload: payload))
        return GeneratedRecord(
            townshipCode: townshipCode,
            residentId: payload.residentId,
            value: malformation.apply(to: data, formLine: formLine),
            kind: kind,
            eventId: malformation.keepsEventId ? eventId : nil,
            occurredAt: occurredAt,
            payload: nil,
            formId: formId
        )
    }
}
