/// What the pipeline must report after consuming a generated population, for one township or in total.
///
/// Enrollees, not events, are counted in ``verified`` and ``rejectedByReason``. A duplicate is a further well-formed
/// registration of a resident already enrolled (always one that is verified); the registration worker recognises
/// it by ``PensionDomain/MessageKey/resident(_:)`` and counts it in ``duplicates``, and it must neither enroll the
/// resident again nor count a second verification: each enrollee is verified or rejected exactly once.
///
/// Invariants: `submitted == enrolled + duplicates + malformed` and `enrolled == verified + rejected`.
public struct ExpectedCounts: Sendable, Hashable, Codable {
    /// Messages published: every record, whatever its kind.
    public var submitted: Int
    /// Distinct residents with a well-formed first registration, valid or with an invalid ID.
    public var enrolled: Int
    /// Enrollees whose ID the ID-verification worker verifies.
    public var verified: Int
    /// Enrollees the ID-verification worker rejects, by ``RejectionReason`` raw value.
    public var rejectedByReason: [String: Int]
    /// Further registrations of residents already enrolled.
    public var duplicates: Int
    /// Messages that cannot be decoded, by ``PensionDomain/EventDecodingError/Code`` raw value.
    public var malformedByCode: [String: Int]

    /// Creates counts; all zero by default.
    ///
    /// - Parameters:
    ///   - submitted: messages published.
    ///   - enrolled: distinct residents enrolled.
    ///   - verified: enrollees verified.
    ///   - rejectedByReason: enrollees rejected, by reason code.
    ///   - duplicates: further registrations.
    ///   - malformedByCode: undecodable messages, by error code.
    public init(
        submitted: Int = 0,
        enrolled: Int = 0,
        verified: Int = 0,
        rejectedByReason: [String: Int] = [:],
        duplicates: Int = 0,
        malformedByCode: [String: Int] = [:]
    ) {
        self.submitted = submitted
        self.enrolled = enrolled
        self.verified = verified
        self.rejectedByReason = rejectedByReason
        self.duplicates = duplicates
        self.malformedByCode = malformedByCode
    }

    /// All counts zero.
    public static let zero = ExpectedCounts()

    /// Enrollees rejected, whatever the reason.
    public var rejected: Int {
        rejectedByReason.values.reduce(0, +)
    }

    /// Messages that cannot be decoded, whatever the code.
    public var malformed: Int {
        malformedByCode.values.reduce(0, +)
    }

    /// The counts of two townships together.
    ///
    /// - Parameters:
    ///   - lhs: one set of counts.
    ///   - rhs: the other.
    /// - Returns: their sums, field by field.
    public static func + (lhs: ExpectedCounts, rhs: ExpectedCounts) -> ExpectedCounts {
        ExpectedCounts(
            submitted: lhs.submitted + rhs.submitted,
            enrolled: lhs.enrolled + rhs.enrolled,
            verified: lhs.verified + rhs.verified,
            rejectedByReason: lhs.rejectedByReason.merging(rhs.rejectedByReason, uniquingKeysWith: +),
            duplicates: lhs.duplicates + rhs.duplicates,
            malformedByCode: lhs.malformedByCode.merging(rhs.malformedByCode, uniquingKeysWith: +)
        )
    }

    /// Counts one more record of `kind`.
    mutating func count(_ kind: GeneratedRecord.Kind) {
        submitted += 1
        switch kind {
        case .valid:
            enrolled += 1
            verified += 1
        case .invalidID(let reason):
            enrolled += 1
            rejectedByReason[reason, default: 0] += 1
        case .duplicate:
            duplicates += 1
        case .malformed(let code):
            malformedByCode[code, default: 0] += 1
        }
    }
}
