import Foundation
import PensionDomain

/// The eligibility stage's store: the decisions that depend on other events (family binding) are taken inside the
/// batch's transaction, in partition order, so they see every earlier event of every worker.
public protocol EligibilityStore: Sendable {
    /// Applies one eligibility batch in one transaction: the event gate, each new event's decision under `rules`
    /// (eligible, held with a reason, contributor; held pensioners of the household released when their binding
    /// now holds), and the follow-ups `followUps` makes for each change, stored as the event's outbox.
    ///
    /// - Parameters:
    ///   - batch: the events in partition order, with dead letters.
    ///   - rules: the pension rules.
    ///   - followUps: the messages for one change caused by one record; called inside the transaction.
    /// - Returns: one result per event; an event applied before returns its stored outbox.
    /// - Throws: a database error (nothing written), or what `followUps` throws.
    func apply(
        _ batch: StageBatch<EligibilityRecord>, rules: PensionRules,
        followUps: @escaping @Sendable (EligibilityRecord, EligibilityChange) throws -> [OutboxMessage]
    ) async throws -> [AppliedEvent<EligibilityOutcome>]

    /// Per-township eligibility counts, sorted by township code.
    /// - Throws: a database error.
    func eligibilitySummaries() async throws -> [EligibilitySummary]
}

/// One township's eligibility state.
public struct EligibilitySummary: Sendable, Hashable {
    /// The 9-digit township code.
    public var townshipCode: String
    /// Pensioners eligible now (directly or released).
    public var eligible: Int
    /// Of ``eligible``, those released from a family-binding hold.
    public var released: Int
    /// Pensioners held now, by reason code.
    public var heldByReason: [String: Int]
    /// Contributors recorded.
    public var contributors: Int
    /// The monthly pensions of the eligible, in fen.
    public var monthlyFen: Int

    /// Creates a summary; see the properties.
    public init(
        townshipCode: String, eligible: Int = 0, released: Int = 0, heldByReason: [String: Int] = [:],
        contributors: Int = 0, monthlyFen: Int = 0
    ) {
        self.townshipCode = townshipCode
        self.eligible = eligible
        self.released = released
        self.heldByReason = heldByReason
        self.contributors = contributors
        self.monthlyFen = monthlyFen
    }

    /// Pensioners held, whatever the reason.
    public var held: Int { heldByReason.values.reduce(0, +) }
}

extension EligibilitySummary {
    /// One group of `eligibility` rows: township, status, held reason (`""` for none), released, count, monthly fen.
    package typealias Group = (
        townshipCode: String, status: String, heldReason: String, released: Int, count: Int, monthlyFen: Int
    )

    /// The summaries of the groups, sorted by township code.
    package static func byTownship(_ groups: [Group]) -> [EligibilitySummary] {
        var summaries: [String: EligibilitySummary] = [:]
        for group in groups {
            var summary = summaries[group.townshipCode] ?? EligibilitySummary(townshipCode: group.townshipCode)
            switch group.status {
            case "eligible":
                summary.eligible += group.count
                summary.monthlyFen += group.monthlyFen
                if group.released == 1 { summary.released += group.count }
            case "held":
                summary.heldByReason[group.heldReason, default: 0] += group.count
            default:
                summary.contributors += group.count
            }
            summaries[group.townshipCode] = summary
        }
        return summaries.values.sorted { $0.townshipCode < $1.townshipCode }
    }
}
