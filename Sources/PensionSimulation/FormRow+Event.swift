import Foundation
import PensionDomain

extension FormRow {
    /// The form's content for an event id without a form id: the values of ``FormEventIDs/contentColumns`` as one CSV
    /// line, as ``RegistrationForms/csv(from:)-([FormRow])`` writes values (trimmed, the tier in decimal, the sex
    /// `male` or `female`, `submittedAt` in `+08:00`, absent values empty, quoted only where needed).
    public var contentLine: String {
        FormEventIDs.contentColumns.map { CSVWriter.quoted($0.text(in: self) ?? "") }.joined(separator: ",")
    }

    /// The form's event id: from ``formId`` when present, otherwise from the file's name, ``line`` and
    /// ``contentLine`` (see ``FormEventIDs``).
    ///
    /// - Parameter fileName: the path or name of the file the row was read from.
    /// - Returns: the same id for the same form every time the file is read.
    public func eventId(fileName: String) -> UUID {
        if let formId {
            return FormEventIDs.eventId(formId: formId)
        }
        return FormEventIDs.eventId(fileName: fileName, line: line, content: contentLine)
    }

    /// The `registration.submitted` event of this form.
    ///
    /// - Parameters:
    ///   - fileName: the path or name of the file the row was read from.
    ///   - defaultOccurredAt: the `occurredAt` of a form without ``submittedAt``.
    /// - Returns: the envelope: id ``eventId(fileName:)``, `occurredAt` ``submittedAt`` or `defaultOccurredAt`.
    /// - Throws: ``FormError`` at `submittedAt` when the row has none and there is no default.
    public func envelope(
        fileName: String,
        defaultOccurredAt: Date?
    ) throws(FormError) -> EventEnvelope<RegistrationSubmitted> {
        guard let occurredAt = submittedAt ?? defaultOccurredAt else {
            throw FormError(
                line: line,
                field: FormColumn.submittedAt.rawValue,
                problem: "is empty and no default time was given (pension publish --occurred-at)"
            )
        }
        return EventEnvelope(
            eventId: eventId(fileName: fileName),
            occurredAt: occurredAt,
            townshipCode: townshipCode,
            payload: payload
        )
    }
}
