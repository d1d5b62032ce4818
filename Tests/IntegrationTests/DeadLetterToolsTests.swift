import Foundation
import Kafka
import PensionDomain
import PensionOperations
import PensionSimulation
import PensionStore
import PensionWorkers
import Synchronization
import Testing

/// `pension dlq` on the broker: letters made by a real registration worker (forms with a tier the county had not yet
/// put in its configuration), shown masked, replayed after the fix (twice, sent once), and replayed before the fix
/// (failing again as new letters that name the first).
@Suite("Dead-letter tools on the broker", .serialized, .timeLimit(.minutes(5)))
struct DeadLetterToolsTests {
    static let township = "510623101"  // owns one partition: every form below shares it
    static let newTier = 1200

    /// The forms of a generated township, the first `bad` of them asking for ``newTier``.
    static func forms(_ fixture: PipelineFixture, count: Int, bad: Int, seed: UInt64) throws -> [KafkaProducerMessage] {
        let records = cleanPopulation([township], perTownship: count, seed: seed).records.filter { $0.payload != nil }
        #expect(records.count >= bad)
        return try records.enumerated().map { index, record in
            guard index < bad else { return try fixture.message(record) }
            let form = try #require(record.payload)
            let envelope = EventEnvelope(
                townshipCode: record.townshipCode,
                payload: RegistrationSubmitted(
                    residentId: form.residentId, name: form.name, sex: form.sex, ethnicity: form.ethnicity,
                    householdNumber: form.householdNumber, villageCode: form.villageCode,
                    contributionTierYuan: newTier, phone: form.phone, bankAccount: form.bankAccount))
            let key = MessageKey.resident(record.residentId)
            return try fixture.message(
                envelope, key: key, partition: try fixture.plan.partition(townshipCode: record.townshipCode, key: key))
        }
    }

    /// The registration stage, offering ``newTier`` only once fixed.
    static func registration(_ fixture: PipelineFixture, _ store: SQLiteStore, fixed: Bool) throws
        -> StageWorker<RegistrationHandler>
    {
        var tiers = Set(stride(from: 100, through: 1000, by: 100))
        if fixed { tiers.insert(newTier) }
        let handler = try RegistrationHandler(topics: fixture.topics, store: store, townships: fixture.townships, tiers: tiers)
        return try fixture.worker(handler, group: "\(fixture.prefix)-registration")
    }

    static func waitForProcessed(_ store: SQLiteStore, _ count: Int) async throws {
        try await TestBroker.eventually(timeout: .seconds(60), "\(count) registrations applied or parked") {
            try await store.processedCount(stage: StoreStage.registration) == count
        }
    }

    /// `pension dlq replay --stage registration --reason invalid_value [--execute]`, as the command runs it.
    static func replay(_ fixture: PipelineFixture, _ store: SQLiteStore, execute: Bool) async throws -> [String] {
        let letters = try await DeadLetterSelection(stage: StoreStage.registration, reason: "invalid_value")
            .letters(topics: fixture.topics, store: store)
        let scanner = DeadLetterScanner(kafka: try TestBroker.kafka("tests-dlq"), topics: fixture.topics, logger: TestBroker.logger)
        let parked = try await scanner.messages(of: letters.filter { $0.replay?.state != .sent }.map(\.record))
        let producer = try TestBroker.producer()
        let lines = Mutex<[String]>([])
        let send: DeadLetterReplayer.Send = { message in
            let report = try await producer.send(message)
            return SourcePosition(
                topic: report.topicPartition.topic, partition: report.topicPartition.partition, offset: report.offset)
        }
        try await DeadLetterReplayer(store: store, logger: TestBroker.logger).run(
            letters, parked: parked, send: execute ? send : nil, forceUnconfirmed: false, by: "tester",
            output: { line in lines.withLock { $0.append(line) } })
        try await producer.shutdown()
        return lines.withLock { $0 }
    }

    @Test("fix, then replay twice: one message per letter reaches the source topic and the stage applies it")
    func replayAfterFix() async throws {
        let fixture = try await PipelineFixture()
        defer { fixture.cleanUp() }
        let store = try SQLiteStore.open(path: fixture.storePath("dlq"))
        let bad = 3
        let messages = try Self.forms(fixture, count: 20, bad: bad, seed: 41)
        let total = messages.count
        _ = try await fixture.send(messages)

        try await fixture.run([try Self.registration(fixture, store, fixed: false)]) {
            try await Self.waitForProcessed(store, total)
        }
        let letters = try await store.deadLetters(matching: DeadLetterFilter(stage: StoreStage.registration))
        #expect(letters.count == bad)
        #expect(letters.allSatisfy {
            $0.record.errorCode == "invalid_value" && $0.record.errorField == "payload.contributionTierYuan"
                && $0.record.townshipCode == Self.township && $0.replay == nil && $0.record.replayOf == nil
        })
        #expect(try await store.townshipSummaries().enrolled == total - bad)

        // show, on the real dead-letter topic: masked, then revealed with an audit row.
        let first = try #require(letters.first)
        let form = try WireDecoder.decode(RegistrationSubmitted.self, from: messages[0].value).payload
        let scanner = DeadLetterScanner(kafka: try TestBroker.kafka("tests-dlq"), topics: fixture.topics, logger: TestBroker.logger)
        let masked = try await DeadLetterView.show(
            first.id, reveal: false, by: "tester", store: store, topics: fixture.topics, location: scanner.location(of:),
            find: scanner.messages(of:), logger: TestBroker.logger
        ).joined(separator: "\n")
        #expect(masked.contains("parked    \(fixture.prefix).dlq.registration[\(first.record.source.partition)]"))
        #expect(masked.contains("\"contributionTierYuan\" : \(Self.newTier)"))
        #expect(masked.contains(Masking.residentID(form.residentId)))
        #expect(!masked.contains(form.residentId))
        #expect(!masked.contains(form.name))
        #expect(try await store.reveals(of: first.record.source).isEmpty)
        let revealed = try await DeadLetterView.show(
            first.id, reveal: true, by: "tester", store: store, topics: fixture.topics, location: scanner.location(of:),
            find: scanner.messages(of:), logger: TestBroker.logger
        ).joined(separator: "\n")
        #expect(revealed.contains(form.residentId))
        #expect(revealed.contains(form.name))
        #expect(try await store.reveals(of: first.record.source).map(\.by) == ["tester"])

        // Dry run: nothing claimed.
        let dry = try await Self.replay(fixture, store, execute: false)
        #expect(dry.filter { $0.hasPrefix("would send ") }.count == bad)
        #expect(try await store.deadLetters(matching: DeadLetterFilter()).allSatisfy { $0.replay == nil })

        // The fix (the tier is on offer), then replay twice while the fixed stage runs.
        try await fixture.run([try Self.registration(fixture, store, fixed: true)]) {
            let once = try await Self.replay(fixture, store, execute: true)
            #expect(once.filter { $0.hasPrefix("sent ") }.count == bad, "\(once)")
            let twice = try await Self.replay(fixture, store, execute: true)
            #expect(twice.filter { $0.hasPrefix("skipped ") && $0.contains(" by tester as ") }.count == bad, "\(twice)")
            #expect(twice.last == "0 sent, \(bad) skipped, 0 refused")
            try await Self.waitForProcessed(store, total + bad)
        }
        #expect(try await store.townshipSummaries().enrolled == total, "every form is enrolled once fixed and replayed")

        let source = try fixture.topicName(forEvent: RegistrationSubmitted.eventType)
        let read = try await PipelineFixture.readTopic(source, partitions: fixture.plan.partitionCount, atLeast: total + bad)
        let replays = read.filter { $0.header(WireHeaders.deadLetterReplayOf) != nil }
        #expect(replays.count == bad, "one message per letter on the source topic")
        #expect(Set(replays.compactMap { $0.header(WireHeaders.deadLetterReplayOf) }) == Set(letters.map(\.id)))
        #expect(replays.allSatisfy { message in !message.headers.contains { $0.key.hasPrefix("dlq-") && $0.key != WireHeaders.deadLetterReplayOf } })
        #expect(read.count == total + bad)

        let after = try await store.deadLetters(matching: DeadLetterFilter(stage: StoreStage.registration))
        #expect(after.count == bad, "nothing failed again")
        for letter in after {
            let replay = try #require(letter.replay)
            #expect(replay.state == .sent && replay.by == "tester")
            let sentTo = try #require(replay.sentTo)
            #expect(replays.contains { $0.offset == sentTo.offset && $0.partition == sentTo.partition })
        }
    }

    @Test("a replay that fails again becomes a new letter that names the first")
    func failsAgain() async throws {
        let fixture = try await PipelineFixture()
        defer { fixture.cleanUp() }
        let store = try SQLiteStore.open(path: fixture.storePath("dlq"))
        let bad = 2
        let messages = try Self.forms(fixture, count: 8, bad: bad, seed: 43)
        let total = messages.count
        _ = try await fixture.send(messages)

        var lines: [String] = []
        try await fixture.run([try Self.registration(fixture, store, fixed: false)]) {
            try await Self.waitForProcessed(store, total)
            lines = try await Self.replay(fixture, store, execute: true)  // too early: nothing was fixed
            try await Self.waitForProcessed(store, total + bad)
        }
        #expect(lines.last == "\(bad) sent, 0 skipped, 0 refused")

        let letters = try await store.deadLetters(matching: DeadLetterFilter(stage: StoreStage.registration))
        #expect(letters.count == 2 * bad)
        let firsts = letters.filter { $0.record.replayOf == nil }
        let seconds = letters.filter { $0.record.replayOf != nil }
        #expect(firsts.count == bad && seconds.count == bad)
        for first in firsts {
            let sentTo = try #require(first.replay?.sentTo)
            let second = try #require(seconds.first { $0.record.replayOf == first.id })
            #expect(second.record.source == sentTo, "the new letter is the replayed message")
            #expect(second.record.errorCode == "invalid_value" && second.replay == nil)
            let table = DeadLetterListing.table([first, second])
            #expect(table[1].contains("replayed ") && table[1].hasSuffix(" by tester as \(second.id)"))
            #expect(table[2].hasSuffix("not replayed; replay of \(first.id)"))
        }

        // On the dead-letter topic the new letters carry the link too.
        let dlq = try fixture.deadLetterTopicName(forEvent: RegistrationSubmitted.eventType)
        let parked = try await PipelineFixture.readTopic(dlq, partitions: fixture.plan.partitionCount, atLeast: 2 * bad)
        #expect(parked.count == 2 * bad)
        let linked = parked.filter { $0.header(WireHeaders.deadLetterReplayOf) != nil }
        #expect(Set(linked.compactMap { $0.header(WireHeaders.deadLetterReplayOf) }) == Set(firsts.map(\.id)))
        #expect(Set(linked.compactMap { $0.header(WireHeaders.deadLetterSourceOffset) }) == Set(seconds.map { String($0.record.source.offset) }))
    }
}
