import Foundation
import Kafka
import Logging
import PensionDomain
import PensionStore

/// `pension dlq show`: a letter's record, where it sits, its headers and its decoded value, personal data masked
/// unless revealed.
public enum DeadLetterView {
    /// The lines to print.
    ///
    /// - Parameters:
    ///   - letter: the recorded letter.
    ///   - parked: its message in the dead-letter topic, or `nil` when it was not found there.
    ///   - location: the dead-letter topic partition it was looked for in.
    ///   - reveal: whether to show personal data unmasked.
    public static func lines(
        _ letter: StoredDeadLetter, parked: ParkedMessage?, location: TopicPartition?, reveal: Bool
    ) -> [String] {
        let record = letter.record
        var lines = [
            "letter    \(letter.id)",
            "stage     \(record.stage)",
            "township  \(record.townshipCode ?? "-")",
            "reason    \(record.errorCode)\(record.errorField.map { " at \($0)" } ?? "")",
            "recorded  \(letter.recordedAt.map(DeadLetterListing.time) ?? "-")",
            "replay    \(DeadLetterListing.replayText(letter))",
        ]
        guard let parked else {
            lines.append("parked    not found in \(location?.description ?? "any dead-letter topic") (past retention?)")
            return lines
        }
        lines.append("parked    \(parked.position.topic)[\(parked.position.partition)] offset \(parked.position.offset)")
        lines.append("key       \(PersonalDataMask.key(parked.key, reveal: reveal))")
        lines.append("headers")
        for header in parked.headers { lines.append("  \(header.key): \(header.stringValue ?? "(null)")") }
        if let length = parked.truncatedLength {
            lines.append("value     cut to fit the dead-letter topic: \(parked.value.count) of \(length) bytes")
        }
        if let json = PersonalDataMask.render(parked.value, reveal: reveal) {
            lines.append(reveal ? "value (unmasked; this view was recorded)" : "value (personal data masked; --reveal shows it)")
            lines.append(json)
        } else if reveal {
            lines.append("value (not JSON, \(parked.value.count) bytes, unmasked; this view was recorded)")
            lines.append(String(decoding: parked.value, as: UTF8.self))
        } else {
            lines.append("value     not a readable JSON object (\(parked.value.count) bytes); --reveal shows it as text")
        }
        return lines
    }
}

extension DeadLetterView {
    /// Finds the parked messages of letters (``DeadLetterScanner/messages(of:)``).
    public typealias Find = @Sendable ([DeadLetterRecord]) async throws -> [SourcePosition: ParkedMessage]

    /// `pension dlq show`: the lines for one letter. With `reveal`, first writes the audit row (who, when, which
    /// letter) and logs that the letter was shown unmasked, never the values.
    ///
    /// - Parameters:
    ///   - id: the letter's ID.
    ///   - reveal: whether to show personal data unmasked.
    ///   - by: who asks.
    ///   - store: the store.
    ///   - topics: the topic catalog (to check the ID).
    ///   - scanner: finds the letter in its dead-letter topic.
    ///   - logger: receives the reveal notice.
    /// - Throws: ``DeadLetterToolError`` for an unknown or malformed ID, or a store or Kafka error.
    public static func show(
        _ id: String, reveal: Bool, by: String, store: any DeadLetterStore, topics: TopicCatalog,
        location: (DeadLetterRecord) -> TopicPartition?, find: Find, logger: Logger = Logger(label: "pension.dlq"),
        now: Date = Date()
    ) async throws -> [String] {
        let letter = try await DeadLetterSelection(ids: [id]).letters(topics: topics, store: store)[0]
        let parked = try await find([letter.record])[letter.record.source]
        if reveal {
            try await store.recordReveal(of: letter.record.source, by: by, at: now)
            logger.notice(
                "dead letter shown unmasked", metadata: ["pension.dlq.letter": "\(letter.id)", "pension.dlq.by": "\(by)"])
        }
        return lines(letter, parked: parked, location: location(letter.record), reveal: reveal)
    }
}
