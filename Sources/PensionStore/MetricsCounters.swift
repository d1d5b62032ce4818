/// The metrics projection's counters for one township or village, or the whole county.
public struct MetricsCounters: Sendable, Hashable, Codable {
    /// Messages on the registration topic.
    public var submitted = 0
    /// Residents the registration stage recorded.
    public var enrolled = 0
    /// Residents whose ID was verified.
    public var verified = 0
    /// Residents whose ID was rejected, by reason code.
    public var rejectedByReason: [String: Int] = [:]
    /// Pensioners eligible (directly or released).
    public var eligible = 0
    /// Pensioners still held, by reason code.
    public var heldByReason: [String: Int] = [:]
    /// Of ``eligible``, those released from a hold.
    public var released = 0
    /// Certificates printed (one per pensioner).
    public var certificatesPrinted = 0
    /// Residents with a bank card issued.
    public var bankCards = 0
    /// Pensioners paid at least once.
    public var pensionersPaid = 0
    /// Monthly payments completed.
    public var payouts = 0
    /// Their total, in fen.
    public var payoutsFen = 0
    /// Payments the bank failed, by reason code.
    public var payoutsFailedByReason: [String: Int] = [:]
    /// Dead letters by stage, then reason code.
    public var deadLetters: [String: [String: Int]] = [:]

    /// All zero.
    public init() {}

    /// Residents rejected, whatever the reason.
    public var rejected: Int { rejectedByReason.values.reduce(0, +) }
    /// Pensioners held, whatever the reason.
    public var held: Int { heldByReason.values.reduce(0, +) }
    /// Dead letters, whatever the stage and reason.
    public var deadLetterTotal: Int { deadLetters.values.reduce(0) { $0 + $1.values.reduce(0, +) } }

    /// Both counters added, field by field.
    public static func + (lhs: MetricsCounters, rhs: MetricsCounters) -> MetricsCounters {
        var sum = lhs
        sum.submitted += rhs.submitted
        sum.enrolled += rhs.enrolled
        sum.verified += rhs.verified
        sum.rejectedByReason.merge(rhs.rejectedByReason, uniquingKeysWith: +)
        sum.eligible += rhs.eligible
        sum.heldByReason.merge(rhs.heldByReason, uniquingKeysWith: +)
        sum.released += rhs.released
        sum.certificatesPrinted += rhs.certificatesPrinted
        sum.bankCards += rhs.bankCards
        sum.pensionersPaid += rhs.pensionersPaid
        sum.payouts += rhs.payouts
        sum.payoutsFen += rhs.payoutsFen
        sum.payoutsFailedByReason.merge(rhs.payoutsFailedByReason, uniquingKeysWith: +)
        sum.deadLetters.merge(rhs.deadLetters) { $0.merging($1, uniquingKeysWith: +) }
        return sum
    }
}

/// The projection's counters per village (``village`` empty for messages whose village is not known).
public struct VillageCounters: Sendable, Hashable, Codable {
    /// The 9-digit township code.
    public var townshipCode: String
    /// The 12-digit village code, or empty.
    public var villageCode: String
    /// The counters.
    public var counters: MetricsCounters

    /// - Parameters: see the properties.
    public init(townshipCode: String, villageCode: String, counters: MetricsCounters) {
        self.townshipCode = townshipCode
        self.villageCode = villageCode
        self.counters = counters
    }
}
