import Foundation
import PensionStore

/// `pension dlq list`: one line (or JSON object) per letter.
public enum DeadLetterListing {
    /// One letter for `--json`.
    public struct Entry: Codable, Sendable, Hashable {
        /// The letter's ID, `topic:partition:offset`.
        public var id: String
        /// The stage that parked it.
        public var stage: String
        /// Its township code, if readable.
        public var township: String?
        /// The reason code.
        public var reason: String
        /// The field at fault, if known.
        public var field: String?
        /// When it was recorded.
        public var recordedAt: Date?
        /// The letter this one is a replay of.
        public var replayOf: String?
        /// `not replayed`, `claimed` (delivery never confirmed) or `sent`.
        public var replay: String
        /// Who replayed it.
        public var replayedBy: String?
        /// When it was sent, or claimed if its delivery was never confirmed.
        public var replayedAt: Date?
        /// The ID (position) of the replayed message in the source topic.
        public var replayedAs: String?
    }

    /// The letter as a JSON entry.
    public static func entry(_ letter: StoredDeadLetter) -> Entry {
        Entry(
            id: letter.id, stage: letter.record.stage, township: letter.record.townshipCode,
            reason: letter.record.errorCode, field: letter.record.errorField, recordedAt: letter.recordedAt,
            replayOf: letter.record.replayOf, replay: letter.replay?.state.rawValue ?? "not replayed",
            replayedBy: letter.replay?.by, replayedAt: letter.replay.map { $0.sentAt ?? $0.claimedAt },
            replayedAs: letter.replay?.sentTo?.letterID)
    }

    /// The letters as a JSON array, keys sorted, times in ISO 8601.
    public static func json(_ letters: [StoredDeadLetter]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(letters.map(entry)), as: UTF8.self)
    }

    /// The letters as a table: a header line, one line per letter, a count.
    public static func table(_ letters: [StoredDeadLetter]) -> [String] {
        let rows = letters.map { letter in
            [
                letter.id, letter.record.stage, letter.record.townshipCode ?? "-", letter.record.errorCode,
                letter.record.errorField ?? "-", letter.recordedAt.map(time) ?? "-", replayText(letter),
            ]
        }
        let header = ["id", "stage", "township", "reason", "field", "recorded", "replay"]
        var widths = header.map(\.count)
        for row in rows { for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                column == cells.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        return [line(header)] + rows.map(line) + ["\(letters.count) dead letter\(letters.count == 1 ? "" : "s")"]
    }

    /// What happened to the letter: not replayed, replayed when, by whom and as which new position, or claimed
    /// without a confirmed delivery; and, for a letter that is itself a replay, which letter it replays.
    public static func replayText(_ letter: StoredDeadLetter) -> String {
        var text: String
        switch letter.replay {
        case nil: text = "not replayed"
        case let replay?: text = describe(replay)
        }
        if let first = letter.record.replayOf { text += "; replay of \(first)" }
        return text
    }

    /// `replayed <time> by <who> as <position>`, or `claimed <time> by <who>, delivery not confirmed`.
    public static func describe(_ replay: DeadLetterReplay) -> String {
        switch replay.state {
        case .sent:
            "replayed \(time(replay.sentAt ?? replay.claimedAt)) by \(replay.by) as \(replay.sentTo?.letterID ?? "?")"
        case .claimed:
            "claimed \(time(replay.claimedAt)) by \(replay.by), delivery not confirmed"
        }
    }

    /// A time as ISO 8601 in UTC, to the second.
    public static func time(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .omitted))
    }
}
