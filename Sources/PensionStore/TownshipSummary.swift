/// Enrollment progress of one township.
public struct TownshipSummary: Sendable, Hashable {
    /// The 9-digit township code, or `unknown` for dead letters that carried none.
    public var townshipCode: String
    /// Registration events applied: ``RegistrationOutcome/enrolled`` plus ``RegistrationOutcome/updated``.
    public var registrationsApplied: Int
    /// Distinct enrollees whose latest registration is in this township.
    public var enrolled: Int
    /// Registrations that were ``RegistrationOutcome/updated`` (the same resident again) plus deliveries that were
    /// ``RegistrationOutcome/alreadyApplied`` (the same event again).
    public var duplicatesIgnored: Int
    /// Enrollees whose latest decision is verified.
    public var verified: Int
    /// Enrollees whose latest decision is a rejection, counted by reason code.
    public var rejectedByReason: [String: Int]
    /// Dead letters recorded with this township code, at any stage.
    public var deadLettered: Int

    /// Creates a summary.
    ///
    /// - Parameters:
    ///   - townshipCode: the township code, or `unknown`.
    ///   - registrationsApplied: registration events applied.
    ///   - enrolled: distinct enrollees.
    ///   - duplicatesIgnored: updated registrations plus already-applied deliveries.
    ///   - verified: enrollees whose latest decision is verified.
    ///   - rejectedByReason: enrollees whose latest decision is a rejection, by reason code.
    ///   - deadLettered: dead letters recorded with this township code.
    public init(
        townshipCode: String,
        registrationsApplied: Int = 0,
        enrolled: Int = 0,
        duplicatesIgnored: Int = 0,
        verified: Int = 0,
        rejectedByReason: [String: Int] = [:],
        deadLettered: Int = 0
    ) {
        self.townshipCode = townshipCode
        self.registrationsApplied = registrationsApplied
        self.enrolled = enrolled
        self.duplicatesIgnored = duplicatesIgnored
        self.verified = verified
        self.rejectedByReason = rejectedByReason
        self.deadLettered = deadLettered
    }

    /// The code under which dead letters without a township code are summarised.
    public static let unknownTownshipCode = "unknown"
}
