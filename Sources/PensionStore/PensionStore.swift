/// The enrollment drive's state: enrollees, the events applied to them, dead letters and the household register.
///
/// Every `apply` call is one transaction that holds both the state changes and the IDs of the events that caused
/// them, so a worker commits its Kafka offsets only after the call returns, and a redelivered event changes nothing.
/// Errors never describe resident IDs or names.
public protocol PensionStore: Sendable {
    /// Applies one registration batch in one transaction: each event new at this stage with its outbox, the dead
    /// letters.
    ///
    /// - Parameter batch: decided registrations in partition order, with their follow-ups, and the dead letters.
    /// - Returns: one result per event, in input order; an event applied before returns its stored outbox.
    /// - Throws: a database error; then nothing of the batch was written.
    func apply(_ batch: StageBatch<RegistrationRecord>) async throws -> [AppliedEvent<RegistrationOutcome>]

    /// Applies one verification batch in one transaction; see ``apply(_:)-(StageBatch<RegistrationRecord>)``.
    func apply(_ batch: StageBatch<VerificationRecord>) async throws -> [AppliedEvent<VerificationOutcome>]

    /// How the runtime should treat an error this store threw: a message failure (the record is refused for good),
    /// an infrastructure failure (retry) or a fatal one; `nil` when the error is not the store's.
    func failureKind(of error: any Error) -> FailureKind?

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

extension PensionStore {
    /// Applies registrations without follow-ups; see ``apply(_:)-(StageBatch<RegistrationRecord>)``.
    /// - Returns: one outcome per record, in input order.
    public func applyRegistrations(_ records: [RegistrationRecord], deadLetters: [DeadLetterRecord]) async throws
        -> [RegistrationOutcome]
    {
        try await apply(StageBatch(events: records.map { StageEvent(record: $0) }, deadLetters: deadLetters)).map {
            if case .applied(let outcome) = $0 { return outcome }
            return .alreadyApplied
        }
    }

    /// Applies verification decisions without follow-ups; see ``apply(_:)-(StageBatch<VerificationRecord>)``.
    /// - Returns: one outcome per record, in input order.
    public func applyVerifications(_ records: [VerificationRecord], deadLetters: [DeadLetterRecord]) async throws
        -> [VerificationOutcome]
    {
        try await apply(StageBatch(events: records.map { StageEvent(record: $0) }, deadLetters: deadLetters)).map {
            if case .applied(let outcome) = $0 { return outcome }
            return .alreadyApplied
        }
    }
}
