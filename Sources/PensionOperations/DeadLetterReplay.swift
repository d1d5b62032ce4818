import Foundation
import Kafka
import Logging
import PensionStore

/// What `pension dlq replay` does with one letter.
public enum ReplayDecision: Sendable, Hashable {
    /// Send it back to its source topic and partition.
    case send
    /// Sent before: never again.
    case alreadySent(DeadLetterReplay)
    /// Claimed before and never confirmed delivered (a crash between claim and delivery): only
    /// `--force-unconfirmed` sends it again.
    case unconfirmed(DeadLetterReplay)
    /// Its value was cut to fit the dead-letter topic: the original bytes are not there to send.
    case truncated(originalLength: String)
    /// Not found in its dead-letter topic partition (past retention, or no dead-letter topic).
    case missing

    /// The decision for a letter, its parked message and the replay it may already have.
    public static func decide(_ letter: StoredDeadLetter, parked: ParkedMessage?, forceUnconfirmed: Bool)
        -> ReplayDecision
    {
        switch letter.replay {
        case let replay? where replay.state == .sent: return .alreadySent(replay)
        case let replay? where !forceUnconfirmed: return .unconfirmed(replay)
        default: break
        }
        guard let parked else { return .missing }
        if let length = parked.truncatedLength { return .truncated(originalLength: length) }
        return .send
    }
}

/// `pension dlq replay`: sends selected letters back to their source topics, each at most once.
///
/// A dry run prints what would be sent. Executed, each letter is first claimed in the store (``DeadLetterStore``:
/// one row per letter, so a second run, or one beside it, skips it), then produced with its original key, value and
/// headers and `dlq-replay-of: <ID>` to its source topic and partition, its delivery awaited, and marked `sent`
/// with the new position. A claim whose delivery was never confirmed is sent again only when forced.
public struct DeadLetterReplayer: Sendable {
    /// Sends one message, awaits its delivery and returns where it was stored.
    public typealias Send = @Sendable (KafkaProducerMessage) async throws -> SourcePosition

    let store: any DeadLetterStore
    let logger: Logger

    /// - Parameters:
    ///   - store: where letters are claimed and marked sent.
    ///   - logger: one line per letter sent (its ID and new position only).
    public init(store: any DeadLetterStore, logger: Logger = Logger(label: "pension.dlq")) {
        self.store = store
        self.logger = logger
    }

    /// Replays `letters`, or tells what it would do.
    ///
    /// - Parameters:
    ///   - letters: the selected letters.
    ///   - parked: their messages in the dead-letter topics, by letter.
    ///   - send: sends a message, or `nil` for a dry run.
    ///   - forceUnconfirmed: whether to send again letters claimed before and never confirmed delivered.
    ///   - by: who replays.
    ///   - now: the clock.
    /// - Returns: one line per letter and a summary line.
    /// - Throws: a store or Kafka error; letters before it are done, the failing one stays `claimed`.
    public func run(
        _ letters: [StoredDeadLetter], parked: [SourcePosition: ParkedMessage], send: Send?, forceUnconfirmed: Bool,
        by: String, now: @Sendable () -> Date = Date.init, output: (String) -> Void
    ) async throws {
        var (sent, skipped, refused) = (0, 0, 0)
        for letter in letters {
            let id = letter.id
            let message = parked[letter.record.source]
            switch ReplayDecision.decide(letter, parked: message, forceUnconfirmed: forceUnconfirmed) {
            case .alreadySent(let replay):
                skipped += 1
                output("skipped \(id): \(DeadLetterListing.describe(replay))")
            case .unconfirmed(let replay):
                skipped += 1
                output(
                    "skipped \(id): \(DeadLetterListing.describe(replay)); if no message with dlq-replay-of: \(id) is "
                        + "in \(letter.record.source.topic), replay it with --force-unconfirmed")
            case .truncated(let length):
                refused += 1
                output(
                    "refused \(id): its value was cut to fit the dead-letter topic (\(length) bytes originally); "
                        + "publish the original again instead")
            case .missing:
                refused += 1
                output("refused \(id): not found in its dead-letter topic (past retention?)")
            case .send:
                let replay = message!.replay(of: letter.record.source)
                guard let send else {
                    sent += 1
                    output("would send \(id) (\(letter.record.errorCode)) to \(replay.topic)[\(letter.record.source.partition)]")
                    continue
                }
                switch try await store.claimReplay(of: letter.record.source, by: by, at: now(), takeUnconfirmed: forceUnconfirmed) {
                case .taken(let replay):
                    skipped += 1
                    output("skipped \(id): \(DeadLetterListing.describe(replay))")
                    continue
                case .unknown:
                    refused += 1
                    output("refused \(id): no longer recorded")
                    continue
                case .claimed:
                    break
                }
                let position: SourcePosition
                do {
                    position = try await send(replay)
                } catch {
                    output("unconfirmed \(id): claimed, but the delivery failed or was not confirmed: \(error)")
                    throw error
                }
                try await store.markReplaySent(of: letter.record.source, to: position, at: now())
                logger.info(
                    "dead letter replayed",
                    metadata: ["pension.dlq.letter": "\(id)", "pension.dlq.replayed.as": "\(position.letterID)"])
                sent += 1
                output("sent \(id) as \(position.letterID)")
            }
        }
        output("\(sent) \(send == nil ? "would be sent" : "sent"), \(skipped) skipped, \(refused) refused")
        if send == nil, sent > 0 { output("dry run: add --execute to send them") }
    }
}
