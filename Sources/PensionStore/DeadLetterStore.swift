import Foundation

/// What the dead-letter tools (`pension dlq`) read and write: the recorded letters, their replays and the audit of
/// unmasked views. Every backend implements it; letters are named by ``SourcePosition/letterID``.
public protocol DeadLetterStore: Sendable {
    /// The recorded letters that match `filter`, oldest position first (topic, partition, offset), each with its
    /// replay if it has one.
    /// - Throws: a database error.
    func deadLetters(matching filter: DeadLetterFilter) async throws -> [StoredDeadLetter]

    /// The distinct error codes recorded, sorted.
    /// - Throws: a database error.
    func deadLetterCodes() async throws -> [String]

    /// Claims a letter for a replay, in one transaction: a letter never claimed gets a `claimed` row and the answer
    /// ``ReplayClaim/claimed``. A letter claimed before is left as it is and answered with
    /// ``ReplayClaim/taken(_:)``, except a `claimed` (never confirmed sent) one when `takeUnconfirmed` is true,
    /// which is claimed again by `by`.
    /// - Parameters:
    ///   - letter: the letter's source position.
    ///   - by: who replays it.
    ///   - time: when.
    ///   - takeUnconfirmed: whether to take over a claim whose delivery was never confirmed.
    /// - Throws: a database error.
    func claimReplay(of letter: SourcePosition, by: String, at time: Date, takeUnconfirmed: Bool) async throws
        -> ReplayClaim

    /// Marks a claimed letter `sent`, with where the replayed message went.
    /// - Throws: a database error.
    func markReplaySent(of letter: SourcePosition, to position: SourcePosition, at time: Date) async throws

    /// Writes the audit row of a letter shown with its personal data unmasked.
    /// - Throws: a database error.
    func recordReveal(of letter: SourcePosition, by: String, at time: Date) async throws

    /// The audit rows of one letter's unmasked views, oldest first.
    /// - Throws: a database error.
    func reveals(of letter: SourcePosition) async throws -> [DeadLetterReveal]
}

/// Which letters `pension dlq list` and `replay` select; `nil` selects any.
public struct DeadLetterFilter: Sendable, Hashable {
    /// The stage that parked them, e.g. `registration`.
    public var stage: String?
    /// The error code, e.g. `invalid_value`.
    public var errorCode: String?
    /// The township code recorded with them.
    public var townshipCode: String?
    /// Only these letters.
    public var letters: [SourcePosition]?

    /// - Parameters:
    ///   - stage: the stage.
    ///   - errorCode: the error code.
    ///   - townshipCode: the township code.
    ///   - letters: only these letters.
    public init(
        stage: String? = nil, errorCode: String? = nil, townshipCode: String? = nil, letters: [SourcePosition]? = nil
    ) {
        self.stage = stage
        self.errorCode = errorCode
        self.townshipCode = townshipCode
        self.letters = letters
    }
}

/// A recorded dead letter with when it was recorded and its replay.
public struct StoredDeadLetter: Sendable, Hashable {
    /// The letter as the stage recorded it.
    public var record: DeadLetterRecord
    /// When it was recorded; `nil` for letters recorded before the store had the column.
    public var recordedAt: Date?
    /// Its replay, if it was ever claimed for one.
    public var replay: DeadLetterReplay?

    /// - Parameters:
    ///   - record: the letter.
    ///   - recordedAt: when it was recorded.
    ///   - replay: its replay.
    public init(record: DeadLetterRecord, recordedAt: Date?, replay: DeadLetterReplay?) {
        self.record = record
        self.recordedAt = recordedAt
        self.replay = replay
    }

    /// The letter's ID, `topic:partition:offset`.
    public var id: String { record.source.letterID }
}

/// A letter's replay: claimed before it is produced, sent once delivered.
public struct DeadLetterReplay: Sendable, Hashable {
    /// `claimed`: produced maybe, delivery never confirmed; `sent`: delivered to ``sentTo``.
    public enum State: String, Sendable, Hashable { case claimed, sent }

    /// The state.
    public var state: State
    /// Who claimed it.
    public var by: String
    /// When it was claimed.
    public var claimedAt: Date
    /// When its delivery was confirmed.
    public var sentAt: Date?
    /// Where the replayed message went.
    public var sentTo: SourcePosition?

    /// - Parameters:
    ///   - state: the state.
    ///   - by: who claimed it.
    ///   - claimedAt: when.
    ///   - sentAt: when its delivery was confirmed.
    ///   - sentTo: where it went.
    public init(state: State, by: String, claimedAt: Date, sentAt: Date? = nil, sentTo: SourcePosition? = nil) {
        self.state = state
        self.by = by
        self.claimedAt = claimedAt
        self.sentAt = sentAt
        self.sentTo = sentTo
    }
}

/// The answer to ``DeadLetterStore/claimReplay(of:by:at:takeUnconfirmed:)``.
public enum ReplayClaim: Sendable, Hashable {
    /// Claimed now: produce it, then mark it sent.
    case claimed
    /// Claimed before (sent, or claimed and not taken over): leave it.
    case taken(DeadLetterReplay)
    /// No letter is recorded at that position.
    case unknown
}

/// One unmasked view of a letter.
public struct DeadLetterReveal: Sendable, Hashable {
    /// Who.
    public var by: String
    /// When.
    public var at: Date

    /// - Parameters:
    ///   - by: who.
    ///   - at: when.
    public init(by: String, at: Date) {
        self.by = by
        self.at = at
    }
}
