/// The stage names the store records events under, as used by ``PensionStore/processedCount(stage:)`` and in
/// ``DeadLetterRecord/stage``.
public enum StoreStage {
    /// Registrations: `registration`.
    public static let registration = "registration"
    /// ID verification decisions: `id-verification`.
    public static let idVerification = "id-verification"
    /// Certificate print jobs: `certificate`.
    public static let certificate = "certificate"
    /// Eligibility decisions (pensioners, holds, releases, contributors): `eligibility`.
    public static let eligibility = "eligibility"
    /// The payout ledger (requests, cards, bank results): `payout`.
    public static let payout = "payout"
}
