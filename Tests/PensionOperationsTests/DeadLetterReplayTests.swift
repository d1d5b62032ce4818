import Foundation
import Kafka
import PensionDomain
import PensionOperations
import PensionStore
import PensionTestSupport
import Synchronization
import Testing

@Suite("dlq replay: each letter at most once, without its dlq headers, naming itself")
struct DeadLetterReplayTests {
    /// A sink that records what it was given and answers increasing offsets.
    final class Sink: Sendable {
        let sent = Mutex<[KafkaProducerMessage]>([])
        var send: DeadLetterReplayer.Send {
            { message in
                self.sent.withLock { sent in
                    sent.append(message)
                    return SourcePosition(topic: message.topic, partition: message.partition ?? -1, offset: 100 + Int64(sent.count))
                }
            }
        }
    }

    static func run(
        _ fixture: DeadLetterToolFixture, _ parked: [SourcePosition: ParkedMessage], send: DeadLetterReplayer.Send?,
        force: Bool = false
    ) async throws -> [String] {
        let letters = try await DeadLetterSelection(stage: "registration").letters(topics: fixture.topics, store: fixture.store)
        var lines: [String] = []
        try await DeadLetterReplayer(store: fixture.store).run(
            letters, parked: parked, send: send, forceUnconfirmed: force, by: "alice", output: { lines.append($0) })
        return lines
    }

    @Test("the replayed message is the original with dlq-replay-of instead of the dlq headers, to the source partition")
    func message() throws {
        let letter = DeadLetterToolFixture.letter(7)
        let parked = try DeadLetterToolFixture.parked(letter, dlqOffset: 2)
        let replay = parked.replay(of: letter.source)
        #expect(replay.topic == "pension.registration")
        #expect(replay.partition == 4)
        #expect(replay.key == parked.key)
        #expect(replay.value == parked.value)
        #expect(replay.headers.map(\.key) == [
            WireHeaders.eventType, WireHeaders.schemaVersion, WireHeaders.eventId, WireHeaders.deadLetterReplayOf,
        ])
        #expect(replay.headers[header: WireHeaders.deadLetterReplayOf] == "pension.registration:4:7")
        #expect(parked.source == letter.source)
    }

    @Test(
        "dry run sends and claims nothing; execute twice sends each letter once; truncated and missing are refused",
        arguments: StoreBackend.allCases)
    func once(_ backend: StoreBackend) async throws {
        let fixture = try await DeadLetterToolFixture(backend)
        let letters = (1...4).map { DeadLetterToolFixture.letter(Int64($0)) }
        try await fixture.record(letters)
        var parked: [SourcePosition: ParkedMessage] = [:]
        for (index, letter) in letters.prefix(3).enumerated() {
            parked[letter.source] = try DeadLetterToolFixture.parked(
                letter, dlqOffset: Int64(index), truncated: index == 2 ? 70_000 : nil)
        }
        let sink = Sink()

        let dry = try await Self.run(fixture, parked, send: nil)
        #expect(dry.filter { $0.hasPrefix("would send") }.count == 2)
        #expect(dry.contains("2 would be sent, 0 skipped, 2 refused"))
        #expect(try await fixture.store.deadLetters(matching: DeadLetterFilter()).allSatisfy { $0.replay == nil })

        let first = try await Self.run(fixture, parked, send: sink.send)
        #expect(first.contains("sent pension.registration:4:1 as pension.registration:4:101"))
        #expect(first.contains("sent pension.registration:4:2 as pension.registration:4:102"))
        #expect(first.contains { $0.hasPrefix("refused pension.registration:4:3: its value was cut") })
        #expect(first.contains { $0.hasPrefix("refused pension.registration:4:4: not found") })
        let second = try await Self.run(fixture, parked, send: sink.send)
        #expect(second.contains { $0.hasPrefix("skipped pension.registration:4:1: replayed ") && $0.contains(" by alice as pension.registration:4:101") })
        #expect(second.contains("0 sent, 2 skipped, 2 refused"))
        #expect(sink.sent.withLock { $0.map { $0.headers[header: WireHeaders.deadLetterReplayOf] } } == [
            "pension.registration:4:1", "pension.registration:4:2",
        ])
        let listed = try await fixture.store.deadLetters(matching: DeadLetterFilter())
        #expect(DeadLetterListing.replayText(listed[0]).hasPrefix("replayed "))
        #expect(DeadLetterListing.replayText(listed[2]) == "not replayed")
    }

    @Test("a claim never confirmed is skipped, and sent again only when forced", arguments: StoreBackend.allCases)
    func unconfirmed(_ backend: StoreBackend) async throws {
        let fixture = try await DeadLetterToolFixture(backend)
        let letter = DeadLetterToolFixture.letter(1)
        try await fixture.record([letter])
        let parked = [letter.source: try DeadLetterToolFixture.parked(letter, dlqOffset: 0)]
        #expect(try await fixture.store.claimReplay(of: letter.source, by: "bob", at: Date(), takeUnconfirmed: false) == .claimed)
        let sink = Sink()

        let skipped = try await Self.run(fixture, parked, send: sink.send)
        #expect(skipped.contains { $0.contains("by bob, delivery not confirmed") && $0.contains("--force-unconfirmed") })
        #expect(sink.sent.withLock { $0.isEmpty })
        let forced = try await Self.run(fixture, parked, send: sink.send, force: true)
        #expect(forced.contains("sent pension.registration:4:1 as pension.registration:4:101"))
        let again = try await Self.run(fixture, parked, send: sink.send, force: true)
        #expect(again.contains("0 sent, 1 skipped, 0 refused"))
        #expect(sink.sent.withLock { $0.count } == 1)
    }

    @Test(
        "a failed delivery stops the run and leaves the letter claimed, to be checked and forced",
        arguments: StoreBackend.allCases)
    func failedDelivery(_ backend: StoreBackend) async throws {
        struct Down: Error, CustomStringConvertible { var description: String { "broker down" } }
        let fixture = try await DeadLetterToolFixture(backend)
        let letters = [DeadLetterToolFixture.letter(1), DeadLetterToolFixture.letter(2)]
        try await fixture.record(letters)
        var parked: [SourcePosition: ParkedMessage] = [:]
        for letter in letters { parked[letter.source] = try DeadLetterToolFixture.parked(letter, dlqOffset: 0) }
        var lines: [String] = []
        await #expect(throws: Down.self) {
            try await DeadLetterReplayer(store: fixture.store).run(
                try await fixture.store.deadLetters(matching: DeadLetterFilter()), parked: parked,
                send: { _ in throw Down() }, forceUnconfirmed: false, by: "alice", output: { lines.append($0) })
        }
        #expect(lines == ["unconfirmed pension.registration:4:1: claimed, but the delivery failed or was not confirmed: broker down"])
        let stored = try await fixture.store.deadLetters(matching: DeadLetterFilter())
        #expect(stored.map { $0.replay?.state } == [.claimed, nil])
    }

    @Test(
        "list shows the link of a letter that came from a replay; selections name unknown stages and reasons",
        arguments: StoreBackend.allCases)
    func listing(_ backend: StoreBackend) async throws {
        let fixture = try await DeadLetterToolFixture(backend)
        var again = DeadLetterToolFixture.letter(9)
        again.replayOf = "pension.registration:4:1"
        try await fixture.record([DeadLetterToolFixture.letter(1), again, DeadLetterToolFixture.letter(3, township: "510623102")])
        let letters = try await DeadLetterSelection().letters(topics: fixture.topics, store: fixture.store)
        let table = DeadLetterListing.table(letters)
        #expect(table.count == 5)
        #expect(table[3].hasPrefix("pension.registration:4:9 "))
        #expect(table[3].hasSuffix("not replayed; replay of pension.registration:4:1"))
        #expect(table[4] == "3 dead letters")
        let json = try DeadLetterListing.json(letters)
        #expect(json.contains("\"replayOf\" : \"pension.registration:4:1\""))

        let byTownship = try await DeadLetterSelection(township: "510623102").letters(topics: fixture.topics, store: fixture.store)
        #expect(byTownship.map(\.id) == ["pension.registration:4:3"])
        await #expect(throws: DeadLetterToolError(
            "unknown stage payroll; stages: registration, id-verification, eligibility, payout, certificate")
        ) {
            _ = try await DeadLetterSelection(stage: "payroll").letters(topics: fixture.topics, store: fixture.store)
        }
        await #expect(throws: (any Error).self) {
            _ = try await DeadLetterSelection(reason: "bad_tier").letters(topics: fixture.topics, store: fixture.store)
        }
        // A documented reason with no letters is a valid, empty selection.
        #expect(try await DeadLetterSelection(reason: "too_large").letters(topics: fixture.topics, store: fixture.store).isEmpty)
    }

    @Test("stages and their dead-letter topics come from the catalog, so a new stage needs no code")
    func stages() async throws {
        let fixture = try await DeadLetterToolFixture(.sqlite)
        #expect(fixture.topics.deadLetterTopic(ofStage: "eligibility") == "pension.dlq.eligibility")
        let extended = try TopicCatalog(decoding: Data("""
            {"topics": [
              {"name": "pension.pension-check", "stage": "yearly-check", "partitions": 48, "retentionHours": 720,
               "events": ["pension.checked"], "deadLetter": "pension.dlq.yearly-check", "description": "x"},
              {"name": "pension.dlq.yearly-check", "stage": "yearly-check", "partitions": 48, "retentionHours": 2160,
               "events": [], "deadLetter": null, "description": "x"}
            ]}
            """.utf8))
        #expect(extended.deadLetterStages == ["yearly-check"])
        let scanner = DeadLetterScanner(kafka: KafkaConfiguration(bootstrapServers: "127.0.0.1:1", clientID: "t"), topics: extended)
        let letter = DeadLetterRecord(
            source: SourcePosition(topic: "pension.pension-check", partition: 7, offset: 1), stage: "yearly-check",
            errorCode: "invalid_value")
        #expect(scanner.location(of: letter) == TopicPartition("pension.dlq.yearly-check", 7))
    }
}
