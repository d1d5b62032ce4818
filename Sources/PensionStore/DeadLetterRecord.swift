/// A message parked in a dead-letter topic instead of being applied.
public struct DeadLetterRecord: Sendable, Hashable {
    /// Where the original message was read from; a dead letter is recorded once per position.
    public var source: SourcePosition
    /// The stage that gave up on it: `registration` or `id-verification`.
    public var stage: String
    /// The township code, or `nil` when the message was unreadable.
    public var townshipCode: String?
    /// A stable code for what was wrong, e.g. `bad_check_character`.
    public var errorCode: String
    /// The field at fault, if known, e.g. `payload.residentId`.
    public var errorField: String?
    /// The ID of the dead letter this message is a replay of (its `dlq-replay-of` header), if it is one.
    public var replayOf: String?

    /// Creates a dead letter.
    ///
    /// - Parameters:
    ///   - source: where the original message was read from.
    ///   - stage: the stage that gave up on it.
    ///   - townshipCode: the township code, or `nil` when the message was unreadable.
    ///   - errorCode: a stable code for what was wrong.
    ///   - errorField: the field at fault, if known.
    ///   - replayOf: the ID of the dead letter this message replays, if it is a replay.
    public init(
        source: SourcePosition,
        stage: String,
        townshipCode: String? = nil,
        errorCode: String,
        errorField: String? = nil,
        replayOf: String? = nil
    ) {
        self.source = source
        self.stage = stage
        self.townshipCode = townshipCode
        self.errorCode = errorCode
        self.errorField = errorField
        self.replayOf = replayOf
    }
}
