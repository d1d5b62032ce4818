/// The enrollment drive's state: enrollees, the events applied to them, dead letters and the household register.
///
/// Every `apply…` call is one transaction that holds both the state changes and the IDs of the events that caused
/// them, so a worker commits its Kafka offsets only after the call returns, and a redelivered event changes nothing.
/// Errors never describe resident IDs or names.
public protocol PensionStore: Sendable {
    /// Applies the registrations and dead letters of one batch in one transaction.
    ///
    /// - Parameters:
    ///   - records: valid registrations, in partition order.
    ///   - deadLetters: messages of the same batch that were parked instead; recorded once per source position.
    /// - Returns: one outcome per record, in input order.
    /// - Throws: a database error; then nothing of the batch was written.
    func applyRegistrations(
        _ records: [RegistrationRecord],
        deadLetters: [DeadLetterRecord]
    ) async throws -> [RegistrationOutcome]

    /// Applies the verification decisions and dead letters of one batch in one transaction.
    ///
    /// - Parameters:
    ///   - records: decided verification requests, in partition order.
    ///   - deadLetters: messages of the same batch that were parked instead; recorded once per source position.
    /// - Returns: one outcome per record, in input order.
    /// - Throws: a database error; then nothing of the batch was written.
    func applyVerifications(
        _ records: [VerificationRecord],
        deadLetters: [DeadLetterRecord]
    ) async throws -> [VerificationOutcome]

    /// Looks up household-register members (the reference register).
    ///
    /// - Parameter residentIds: the resident IDs to look up, in the normalised form they were loaded in.
    /// - Returns: the members found, keyed by resident ID; IDs not in the register are absent.
    /// - Throws: a database error.
    func householdMembers(residentIds: [String]) async throws -> [String: HouseholdMember]

    /// Adds or updates household-register entries; entries not given are kept.
    ///
    /// - Parameter members: the entries, keyed by resident ID; a later duplicate wins.
    /// - Throws: a database error; then nothing was written.
    func loadHouseholdRegister(_ members: [HouseholdMember]) async throws

    /// Per-township progress, sorted by township code.
    ///
    /// Dead letters without a township code are counted under ``TownshipSummary/unknownTownshipCode``.
    /// - Returns: one summary per township that has any enrollee, applied event or dead letter.
    /// - Throws: a database error.
    func townshipSummaries() async throws -> [TownshipSummary]

    /// The number of distinct events applied at a stage plus the dead letters recorded for it.
    ///
    /// Redeliveries of an already-applied event or dead letter are not counted again, so a demo or test can wait
    /// until this reaches the number of distinct messages it sent.
    /// - Parameter stage: ``StoreStage/registration`` or ``StoreStage/idVerification``.
    /// - Returns: the count.
    /// - Throws: a database error.
    func processedCount(stage: String) async throws -> Int

    /// A stable fingerprint of the enrollee state, for tests that compare two runs.
    ///
    /// It covers every enrollee with all its fields and latest decision, and the applied events with their stage
    /// and outcome. It leaves out Kafka positions, dead letters and redelivery counters, which differ between runs
    /// that applied the same events.
    /// - Returns: a lowercase hexadecimal SHA-256 digest.
    /// - Throws: a database error.
    func stateFingerprint() async throws -> String
}
