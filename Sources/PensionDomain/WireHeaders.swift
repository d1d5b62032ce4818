/// Kafka header names used on every message and on dead-lettered messages.
public enum WireHeaders {
    /// The envelope's `type`, e.g. `registration.submitted`.
    public static let eventType = "pension-event-type"
    /// The envelope's `schemaVersion` as decimal text, e.g. `1`.
    public static let schemaVersion = "pension-schema-version"
    /// The envelope's `eventId` as a UUID string.
    public static let eventId = "pension-event-id"

    /// On a dead letter: the topic the message was read from.
    public static let deadLetterSourceTopic = "dlq-source-topic"
    /// On a dead letter: the partition it was read from, as decimal text.
    public static let deadLetterSourcePartition = "dlq-source-partition"
    /// On a dead letter: its offset in that partition, as decimal text.
    public static let deadLetterSourceOffset = "dlq-source-offset"
    /// On a dead letter: the error code, e.g. `missing_field` or `bad_check_character`.
    public static let deadLetterErrorCode = "dlq-error-code"
    /// On a dead letter: the JSON path of the offending field, e.g. `payload.residentId`, if known.
    public static let deadLetterErrorField = "dlq-error-field"
    /// On a dead letter: a message in English that never contains field values.
    public static let deadLetterErrorMessage = "dlq-error-message"
    /// On a dead letter cut to fit the producer's limit: the original value's length in bytes.
    public static let deadLetterValueTruncated = "dlq-value-truncated"
    /// On a message sent back to its source topic by `pension dlq replay`: the ID of the dead letter it replays
    /// (`<source topic>:<partition>:<offset>`). A replay that fails again keeps it on its new dead letter.
    public static let deadLetterReplayOf = "dlq-replay-of"
    /// The prefix of every dead-letter header; a replay removes them all before it adds ``deadLetterReplayOf``.
    public static let deadLetterPrefix = "dlq-"
}
