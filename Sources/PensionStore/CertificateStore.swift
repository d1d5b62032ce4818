import Foundation

/// The store of the certificate stage: numbers, print runs and pages, reprints. ``SQLiteStore`` is one.
///
/// Numbers and pages are assigned in the same transaction as the event gate, so a redelivered or replayed job never
/// gets a second number or page; the files are written afterwards from what is stored (``pendingRuns()``), so a
/// crash between the two is finished at the next call.
public protocol CertificateStore: Sendable {
    /// Applies one batch of print jobs in one transaction: the event gate, a number for each pensioner without one
    /// (the next of the township's sequence), one run per village for the batch's new certificates with a page each,
    /// the follow-ups and the dead letters.
    ///
    /// - Parameters:
    ///   - batch: decided jobs and dead letters.
    ///   - finalize: builds the stored follow-ups of a new job from its decided ones and its assignment; runs inside
    ///     the transaction.
    /// - Returns: one result per event, in input order; an event applied before returns its stored outbox.
    /// - Throws: a database error (nothing written) or `finalize`'s error.
    func apply(
        _ batch: StageBatch<CertificateRecord>,
        finalize: @escaping @Sendable (CertificateRecord, CertificateAssignment, [OutboxMessage]) throws
            -> [OutboxMessage]
    ) async throws -> [AppliedEvent<CertificateOutcome>]

    /// Runs with status `assigned`, or also `rendered` (and `sending` claimed before `staleClaimsBefore`) when
    /// `includingRendered`, with their pages, oldest first.
    func pendingRuns(includingRendered: Bool, staleClaimsBefore: Date) async throws -> [PrintRun]

    /// Claims a rendered run for sending to `printer`, so that only one process sends it; a claim older than
    /// `staleClaimsBefore` (its process died before recording the job) may be taken over.
    /// - Returns: whether this call got the claim.
    func claimForSending(run: Int, printer: String, at time: Date, staleClaimsBefore: Date) async throws -> Bool

    /// Records that a run's file is durable in the spool.
    func markRendered(run: Int, bytes: Int, at time: Date) async throws

    /// Records that a run was handed to a printer as `job`.
    func markSent(run: Int, printer: String, job: String) async throws

    /// Creates a reprint of a certificate: its reprint count goes up by one, a run with one page (marked with the
    /// count) is assigned and the audit row written, in one transaction.
    ///
    /// - Returns: the assigned run, or `nil` when no certificate has that number.
    func reprint(number: String, reason: String, requestedBy: String, at time: Date) async throws -> PrintRun?

    /// Queued, printed and reprinted certificates per township, sorted by township code.
    func certificateStatus() async throws -> [CertificateTownshipStatus]

    /// How the runtime should treat an error of this store; see ``PensionStore/failureKind(of:)``.
    func failureKind(of error: any Error) -> FailureKind?
}

extension CertificateStore {
    /// Pending runs, counting claims to send older than two minutes as stale; see
    /// ``pendingRuns(includingRendered:staleClaimsBefore:)``.
    public func pendingRuns(includingRendered: Bool) async throws -> [PrintRun] {
        try await pendingRuns(includingRendered: includingRendered, staleClaimsBefore: Date().addingTimeInterval(-120))
    }
}
