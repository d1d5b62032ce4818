import Foundation
import Logging
import PensionDomain
import PensionMetrics
import PensionStore
import PensionTestSupport
import Testing

@testable import Kafka

/// The metrics handler and the projection (on SQLite and PostgreSQL) without a broker: what each message counts for, redelivery,
/// holds and releases, dead letters keyed by the position they parked, unreadable and unknown messages.
@Suite struct ProjectionTests {
    static let config = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("config")
    static let township = "510623101"  // partition 4
    static let village = "510623101201"

    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(UUID().uuidString)")
    let topics: TopicCatalog
    let plan: PartitionPlan
    let townships: TownshipCatalog

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        topics = try TopicCatalog.load(from: Self.config.appendingPathComponent("topics.json"))
        townships = try TownshipCatalog.load(from: Self.config.appendingPathComponent("townships.json"))
        plan = try PartitionPlan.load(from: Self.config.appendingPathComponent("partition-plan.json"), townships: townships)
    }

    func message(_ topic: String, offset: Int64, _ value: [UInt8], headers: [KafkaHeader] = []) -> KafkaMessage {
        KafkaMessage(topicPartition: TopicPartition(topic, 4), offset: offset, key: nil, value: value,
                     timestampMilliseconds: nil, packedHeaders: PackedHeaders(headers))
    }

    func event<P: EventPayload>(_ payload: P, id: UUID = UUID()) throws -> [UInt8] {
        try EventEnvelope(eventId: id, townshipCode: Self.township, payload: payload).encodedBytes()
    }

    @Test(arguments: StoreBackend.allCases)
    func eachMessageCountsOnceAndHoldsEndInReleases(_ backend: StoreBackend) async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store: any DriveStore = switch backend {
        case .sqlite: try SQLiteStore.open(path: directory.appendingPathComponent("store.sqlite").path)
        case .postgres: try await TestStores.make(.postgres, label: "metrics")
        }
        let handler = MetricsHandler(topics: topics, plan: plan, store: store, logger: Logger(label: "test"))
        #expect(handler.inputTopics.count == topics.topics.count)
        #expect(handler.inputTopics.contains("pension.dlq.registration"))
        let (a, b) = ("510623194401010011", "510623194401010038")
        let results = "pension.id-verification.results"
        var messages = [
            message(results, offset: 0, try event(IDVerified(residentId: a, birthDate: CivilDate(iso: "1944-01-01")!,
                                                             sex: .male, villageCode: Self.village, requestEventId: UUID()))),
            message(results, offset: 1, try event(IDRejected(residentId: b, reasonCode: "bad_check_character",
                                                             villageCode: Self.village, requestEventId: UUID()))),
            message("pension.eligibility", offset: 0, try event(PensionHeld(
                residentId: a, householdNumber: "H1", villageCode: Self.village, reasonCode: "family_binding",
                membersNotEnrolled: 1, verificationEventId: UUID()))),
            message("pension.eligibility", offset: 1, try event(PensionReleased(
                residentId: a, householdNumber: "H1", villageCode: Self.village, monthlyAmountFen: 5500,
                firstPaidMonth: "2011-12", eligibleOn: CivilDate(iso: "2011-11-20")!, releasedByEventId: UUID()))),
            // An unreadable registration counts as submitted (in its partition's township), and its dead letter,
            // parked twice (a produce retried), counts once.
            message("pension.registration", offset: 7, Array("{not json".utf8)),
        ]
        for offset: Int64 in [0, 1] {
            messages.append(message("pension.dlq.registration", offset: offset, Array("{not json".utf8), headers: [
                KafkaHeader("dlq-source-topic", "pension.registration"), KafkaHeader("dlq-source-partition", "4"),
                KafkaHeader("dlq-source-offset", "7"), KafkaHeader("dlq-error-code", "malformed_json"),
            ]))
        }
        // An event type the projection does not know counts for nothing.
        var unknown = try event(IDRejected(residentId: b, reasonCode: "x", villageCode: Self.village, requestEventId: UUID()))
        unknown = Array(String(decoding: unknown, as: UTF8.self).replacingOccurrences(of: "id.rejected", with: "id.reviewed").utf8)
        messages.append(message(results, offset: 2, unknown))

        let records = try messages.map { try handler.decode($0) }
        #expect(records.map(\.fact.name) == ["verified", "rejected", "held", "released", "submitted", "dead_letter",
                                             "dead_letter", "ignored"])
        #expect(records[5].eventId == records[6].eventId)
        #expect(records.allSatisfy { $0.townshipCode == Self.township })
        let batch = StageBatch(events: records.map { StageEvent(record: $0) })
        let first = try await handler.apply(batch)
        #expect(first.filter { $0 == .applied(.counted) }.count == 6)  // the second dead letter is a repeat
        let counted = try await store.metricsByVillage()
        // Redelivered: nothing changes.
        let again = try await handler.apply(batch)
        #expect(again.allSatisfy { $0.storedOutbox != nil })
        #expect(try await store.metricsByVillage() == counted)

        let county = counted.reduce(MetricsCounters()) { $0 + $1.counters }
        #expect(county.verified == 1 && county.rejectedByReason == ["bad_check_character": 1])
        #expect(county.eligible == 1 && county.released == 1 && county.heldByReason.isEmpty)
        #expect(county.submitted == 1)
        #expect(county.deadLetters == ["registration": ["malformed_json": 1]])
        #expect(counted.first { $0.villageCode == Self.village }?.counters.verified == 1)
        #expect(try await store.metricsEventCount() == 7)

        // Dropped for a rebuild: zero, and the gate forgets the stage's events.
        try await store.resetMetrics()
        #expect(try await store.metricsByVillage().isEmpty)
        #expect(try await store.metricsEventCount() == 0)
        #expect(try await handler.apply(batch).filter { $0 == .applied(.counted) }.count == 6)
        #expect(try await store.metricsByVillage() == counted)
        try await store.close()
    }

    @Test func everyFactCountsTheSameOnBothBackends() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let (a, b, c, d, e) = ("a", "b", "c", "d", "e")
        let v = Self.village
        let facts: [MetricsFact] = [
            .submitted(villageCode: v), .submitted(villageCode: v), .enrolled(residentId: a, villageCode: v),
            .verified(residentId: a, villageCode: v), .eligible(residentId: a, villageCode: v),
            .certificatePrinted(residentId: a, villageCode: v), .bankCard(residentId: a),
            .paid(residentId: a, month: "2011-12", amountFen: 5500), .paid(residentId: a, month: "2011-12", amountFen: 5500),
            .paid(residentId: a, month: "2012-01", amountFen: 5500), .enrolled(residentId: b, villageCode: ""),
            .held(residentId: b, villageCode: v, reason: "family_binding"),
            .held(residentId: b, villageCode: v, reason: "not_in_register"),
            .rejected(residentId: c, villageCode: v, reason: "bad_check_character"),
            .eligible(residentId: d, villageCode: v), .held(residentId: d, villageCode: v, reason: "family_binding"),
            .released(residentId: d, villageCode: v), .payoutFailed(reason: "account_closed"),
            .deadLetter(stage: "payout", reason: "invalid_value"), .bankCard(residentId: e), .ignored,
        ]
        let batch = StageBatch(events: facts.enumerated().map { index, fact in
            StageEvent(record: MetricsRecord(
                eventId: UUID(), source: SourcePosition(topic: "t", partition: 4, offset: Int64(index)),
                townshipCode: Self.township, fact: fact))
        })
        let sqlite = try SQLiteStore.open(path: directory.appendingPathComponent("store.sqlite").path)
        let postgres = try await TestStores.make(.postgres, label: "metrics")
        let applied = try await sqlite.apply(batch)
        #expect(try await postgres.apply(batch) == applied)
        let counted = try await sqlite.metricsByVillage()
        #expect(try await postgres.metricsByVillage() == counted)
        let village = try #require(counted.first { $0.villageCode == v }?.counters)
        #expect(village.submitted == 2 && village.enrolled == 2 && village.verified == 1)
        #expect(village.eligible == 2 && village.released == 1 && village.heldByReason == ["not_in_register": 1])
        #expect(village.certificatesPrinted == 1 && village.bankCards == 1 && village.rejectedByReason.count == 1)
        #expect(village.pensionersPaid == 1 && village.payouts == 2 && village.payoutsFen == 11_000)
        let township = try #require(counted.first { $0.villageCode.isEmpty }?.counters)
        #expect(township.bankCards == 1 && township.payoutsFailedByReason == ["account_closed": 1])
        #expect(township.deadLetters == ["payout": ["invalid_value": 1]])
        #expect(try await postgres.metricsEventCount() == facts.count)
        try sqlite.close()
        try await postgres.close()
    }

    @Test func progressRanksTownshipsAndFlagsLaggards() throws {
        var targets = try DriveTargets.load(from: Self.config.appendingPathComponent("targets.json"))
        #expect(targets.countyEnrolment == 397_500 && targets.countyPensionersPaid == 185_000)
        #expect(targets.countyCertificates == 85_000 && targets.townships.count == 45)
        #expect(targets.county.seed.enrolled == 397_500 && targets.deadline == CivilDate(iso: "2011-12-20")!)
        for index in targets.townships.indices { targets.townships[index].enrolment = 100 }
        func counters(_ verified: Int) -> MetricsCounters {
            var c = MetricsCounters()
            c.verified = verified
            return c
        }
        let progress = DriveProgress(
            counters: [VillageCounters(townshipCode: "510623101", villageCode: "510623101201", counters: counters(80)),
                       VillageCounters(townshipCode: "510623102", villageCode: "510623102201", counters: counters(20))],
            targets: targets, townships: townships, date: CivilDate(iso: "2011-12-04")!)
        // 16 of the drive's 32 days: half elapsed, 16 days left.
        #expect(progress.daysLeft == 16 && progress.elapsed == 0.5)
        #expect(progress.townships.map(\.code).prefix(2) == ["510623101", "510623102"])
        #expect(progress.townships[0].rank == 1 && !progress.townships[0].laggard)
        #expect(progress.townships[1].laggard && progress.townships[1].enrolment.neededPerDay == 5)
        #expect(progress.county.enrolment.achieved == 100 && progress.county.enrolment.target == 4_500)
        let csv = ProgressReports.ranking(progress, format: .csv)
        #expect(csv.split(separator: "\n").count == 1 + 45 + 2)
        #expect(csv.contains("1,510623101,南华镇,80,100,80.0%"))
        let markdown = ProgressReports.ranking(progress, format: .md)
        #expect(markdown.contains("| seed | 510623 | reported by 2011-12-31 | 397500 |"))
        #expect(markdown.contains("LAGGARD"))
        let pdf = directory.appendingPathComponent("ranking.pdf").path
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try RankingPDF.write(progress, to: pdf)
        let text = try Self.run("/usr/bin/pdftotext", [pdf, "-"])
        #expect(text.contains("南华镇") && text.contains("397500"))
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
