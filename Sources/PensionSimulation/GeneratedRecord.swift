import Foundation
import PensionDomain

/// One generated `registration.submitted` message, ready to publish.
public struct GeneratedRecord: Sendable, Hashable {
    /// What the pipeline is expected to make of a record.
    public enum Kind: Sendable, Hashable {
        /// A first registration that the ID-verification worker verifies.
        case valid
        /// A first registration that the ID-verification worker rejects with `reason`, a ``RejectionReason`` raw
        /// value such as `bad_check_character`.
        case invalidID(reason: String)
        /// A further registration of a resident registered earlier in ``GeneratedPopulation/records``.
        case duplicate
        /// A message that cannot be decoded; `code` is the ``PensionDomain/EventDecodingError/Code`` raw value the
        /// decoder reports: `malformed_json`, `missing_field`, `wrong_type` or `unknown_schema_version`.
        case malformed(code: String)
    }

    /// The 9-digit township code; it chooses the partitions.
    public var townshipCode: String
    /// The resident ID number the record was made for, as typed on the form (possibly invalid); use ``key``.
    public var residentId: String
    /// The exact Kafka message value.
    public var value: [UInt8]
    /// What the pipeline is expected to make of the record.
    public var kind: Kind
    /// The envelope's event ID, `nil` when the value is not readable JSON.
    public var eventId: UUID?
    /// The envelope's `occurredAt`: during the registration drive, in record order.
    public var occurredAt: Date
    /// The registration as sent, `nil` for a malformed record.
    public var payload: RegistrationSubmitted?
    /// The form's id as written to form files (``RegistrationForms/csv(from:)-(GeneratedPopulation)``); ``eventId``
    /// is ``FormEventIDs/eventId(formId:)`` of it unless the record is malformed beyond reading.
    public var formId: String?

    /// Creates a record.
    ///
    /// - Parameters:
    ///   - townshipCode: the 9-digit township code.
    ///   - residentId: the resident ID number as typed.
    ///   - value: the message value.
    ///   - kind: what the pipeline is expected to make of it.
    ///   - eventId: the envelope's event ID, if readable.
    ///   - occurredAt: the envelope's `occurredAt`.
    ///   - payload: the registration, unless malformed.
    ///   - formId: the form's id, if it has one.
    public init(
        townshipCode: String,
        residentId: String,
        value: [UInt8],
        kind: Kind,
        eventId: UUID?,
        occurredAt: Date,
        payload: RegistrationSubmitted?,
        formId: String? = nil
    ) {
        self.townshipCode = townshipCode
        self.residentId = residentId
        self.value = value
        self.kind = kind
        self.eventId = eventId
        self.occurredAt = occurredAt
        self.payload = payload
        self.formId = formId
    }

    /// The Kafka message key: ``PensionDomain/MessageKey/resident(_:)`` of ``residentId``.
    public var key: String {
        MessageKey.resident(residentId)
    }
}
