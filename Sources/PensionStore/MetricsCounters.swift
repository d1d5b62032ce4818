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

/// The counters per place, filled from the projection's stored rows by either backend (village empty where unknown).
package struct MetricsByPlace {
    private struct Place: Hashable {
        var township: String
        var village: String
    }

    private var byPlace: [Place: MetricsCounters] = [:]

    package init() {}

    /// Residents' flags counted per place.
    package mutating func residents(
        township: String, village: String, enrolled: Int, verified: Int, eligible: Int, released: Int,
        certificates: Int, bankCards: Int
    ) {
        edit(township, village) {
            $0.enrolled = enrolled
            $0.verified = verified
            $0.eligible = eligible
            $0.released = released
            $0.certificatesPrinted = certificates
            $0.bankCards = bankCards
        }
    }

    /// Residents rejected for `reason`.
    package mutating func rejected(township: String, village: String, reason: String, count: Int) {
        edit(township, village) { $0.rejectedByReason[reason] = count }
    }

    /// Pensioners held for `reason`.
    package mutating func held(township: String, village: String, reason: String, count: Int) {
        edit(township, village) { $0.heldByReason[reason] = count }
    }

    /// Payments completed.
    package mutating func payments(township: String, village: String, pensioners: Int, payouts: Int, fen: Int) {
        edit(township, village) {
            $0.pensionersPaid = pensioners
            $0.payouts = payouts
            $0.payoutsFen = fen
        }
    }

    /// One `metrics_counts` row; unknown metrics are left out.
    package mutating func count(metric: String, township: String, village: String, stage: String, reason: String, count: Int) {
        switch metric {
        case "submitted": edit(township, village) { $0.submitted += count }
        case "payout_failed": edit(township, village) { $0.payoutsFailedByReason[reason, default: 0] += count }
        case "dead_letter": edit(township, village) { $0.deadLetters[stage, default: [:]][reason, default: 0] += count }
        default: break
        }
    }

    /// The counters, by township and village code.
    package var villages: [VillageCounters] {
        byPlace.map { VillageCounters(townshipCode: $0.key.township, villageCode: $0.key.village, counters: $0.value) }
            .sorted { ($0.townshipCode, $0.villageCode) < ($1.townshipCode, $1.villageCode) }
    }

    private mutating func edit(_ township: String, _ village: String, _ change: (inout MetricsCounters) -> Void) {
        change(&byPlace[Place(township: township, village: village), default: MetricsCounters()])
    }
}
