import PensionDomain

/// One registration read from a form file.
public struct FormRow: Sendable, Hashable {
    /// The 1-based line of the file where the row starts.
    public var line: Int
    /// The 9-digit township code of the station that entered the form.
    public var townshipCode: String
    /// The registration.
    public var payload: RegistrationSubmitted

    /// Creates a row.
    ///
    /// - Parameters:
    ///   - line: the 1-based line where the row starts.
    ///   - townshipCode: the 9-digit township code.
    ///   - payload: the registration.
    public init(line: Int, townshipCode: String, payload: RegistrationSubmitted) {
        self.line = line
        self.townshipCode = townshipCode
        self.payload = payload
    }
}
