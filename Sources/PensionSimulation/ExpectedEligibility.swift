import PensionDomain

/// What the eligibility stage must record after a generated population went through the pipeline, for one
/// township or in total.
///
/// Computed while generating, from the household register and the order in which residents are verified (their
/// first valid registration's time): a verified resident of pension age is eligible at once when every household
/// member of contribution age was verified before them, *released* when the last of them is verified later, and held
/// for `family_binding` when one never is (rejected, malformed or register-only). The split between direct and
/// released assumes results arrive in registration order, which holds for a township with one partition; the totals
/// (``eligible``, ``heldByReason``, ``contributors``) hold in any order.
public struct ExpectedEligibility: Sendable, Hashable, Codable {
    /// Pensioners eligible at the end (directly or released).
    public var eligible: Int
    /// Of ``eligible``, those held first and released when the last household member was verified.
    public var released: Int
    /// Pensioners still held at the end, by reason code.
    public var heldByReason: [String: Int]
    /// Verified residents under the pension age.
    public var contributors: Int
    /// The eligible pensioners' monthly pensions, in fen.
    public var monthlyFen: Int
    /// The eligible pensioners, in the order they become eligible.
    public var pensioners: [ExpectedPensioner] = []

    /// Creates counts; all zero by default.
    public init(eligible: Int = 0, released: Int = 0, heldByReason: [String: Int] = [:], contributors: Int = 0,
                monthlyFen: Int = 0, pensioners: [ExpectedPensioner] = []) {
        self.pensioners = pensioners
        self.eligible = eligible
        self.released = released
        self.heldByReason = heldByReason
        self.contributors = contributors
        self.monthlyFen = monthlyFen
    }

    /// All zero.
    public static let zero = ExpectedEligibility()

    /// Pensioners held, whatever the reason.
    public var held: Int { heldByReason.values.reduce(0, +) }

    /// Both townships' counts together.
    public static func + (lhs: ExpectedEligibility, rhs: ExpectedEligibility) -> ExpectedEligibility {
        ExpectedEligibility(
            eligible: lhs.eligible + rhs.eligible, released: lhs.released + rhs.released,
            heldByReason: lhs.heldByReason.merging(rhs.heldByReason, uniquingKeysWith: +),
            contributors: lhs.contributors + rhs.contributors, monthlyFen: lhs.monthlyFen + rhs.monthlyFen,
            pensioners: lhs.pensioners + rhs.pensioners)
    }
}

/// An eligible pensioner as the generator expects them.
public struct ExpectedPensioner: Sendable, Hashable, Codable {
    /// The 18-character resident ID.
    public var residentId: String
    /// The name.
    public var name: String
    /// The 9-digit township code.
    public var townshipCode: String
    /// The 12-digit village code.
    public var villageCode: String
    /// The business day of eligibility.
    public var eligibleOn: CivilDate
    /// The first month paid, `YYYY-MM`.
    public var firstPaidMonth: String
    /// The monthly pension in fen.
    public var monthlyAmountFen: Int
    /// Whether the registration gave a bank card or passbook.
    public var hasRegistrationCard: Bool
}
