import Foundation
import PensionDomain

/// One registration read from a form file.
public struct FormRow: Sendable, Hashable {
    /// The 1-based line of the file where the row starts.
    public var line: Int
    /// The 9-digit township code of the station that entered the form.
    public var townshipCode: String
    /// The registration.
    public var payload: RegistrationSubmitted
    /// The form's own identifier (column `formId`), unique in the drive; when present it alone makes the event id.
    public var formId: String?
    /// When the form was handed in (column `submittedAt`); the event's `occurredAt` when present.
    public var submittedAt: Date?

    /// Creates a row.
    ///
    /// - Parameters:
    ///   - line: the 1-based line where the row starts.
    ///   - townshipCode: the 9-digit township code.
    ///   - payload: the registration.
    ///   - formId: the form's identifier, if it has one.
    ///   - submittedAt: when the form was handed in, if known.
    public init(
        line: Int,
        townshipCode: String,
        payload: RegistrationSubmitted,
        formId: String? = nil,
        submittedAt: Date? = nil
    ) {
        self.line = line
        self.townshipCode = townshipCode
        self.payload = payload
        self.formId = formId
        self.submittedAt = submittedAt
    }
}
