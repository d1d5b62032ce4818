import Foundation
import GRDB
import PensionDomain
import PensionPayouts
import PensionPostgres
import PensionStore
import PensionTestSupport
import Testing

@Suite struct PayoutLedgerTests {
    typealias F = EligibilityFixture
    let household = "510623101000077"
    let withCard = F.residentID(born: "19400105", 101)
    let withoutCard = F.residentID(born: "19410203", 202)
    let another = F.residentID(born: "19420304", 303)
    let december = PayoutMonth("2011-12")!

    /// Three eligible pensioners (binding off), two with a card from their registration.
    func pensioners(_ backend: StoreBackend) async throws -> (F, PayoutHandler) {
        var rules = PensionRules()
        rules.familyBinding = false
        let fixture = try await F(backend, rules: rules)
        try await fixture.register(household: household, [(withCard, .head), (withoutCard, .spouse), (another, .sibling)])
        try await fixture.enroll(withCard, household: household, bankAccount: "6217000000000000101")
        try await fixture.enroll(withoutCard, household: household)
        try await fixture.enroll(another, household: household, bankAccount: "6217000000000000303")
        for id in [withCard, withoutCard, another] { _ = try await fixture.process(fixture.verified(id)) }
        let handler = try PayoutHandler(
            topics: try TopicCatalog.load(from: F.configURL("topics.json")), store: fixture.store)
        return (fixture, handler)
    }

    var offset: Int64 { Int64.random(in: 0..<Int64.max) }

    func run(_ handler: PayoutHandler, _ events: [PayoutEvent]) async throws -> [AppliedEvent<PayoutOutcome>] {
        let stageEvents = try events.map {
            StageEvent(record: try handler.decide(
                $0, at: SourcePosition(topic: handler.inputTopic, partition: 1, offset: offset), context: ()).record)
        }
        return try await handler.apply(StageBatch(events: stageEvents))
    }

    func requests(_ fixture: F, today: String) async throws -> [PayoutEvent] {
        let due = try await fixture.store.pensionersDue(month: "2011-12", today: CivilDate(iso: today)!, noticeDays: 7)
        return PayoutSchedule.requests(for: due, month: december, occurredAt: Date()).map {
            PayoutEvent(eventId: $0.eventId, townshipCode: $0.townshipCode, change: .requested(
                residentId: $0.payload.residentId, month: $0.payload.month, amountFen: $0.payload.amountFen,
                villageCode: $0.payload.villageCode))
        }
    }

    func card(_ id: String, _ number: String, on day: String) -> PayoutEvent {
        PayoutEvent(eventId: UUID(), townshipCode: F.township,
                    change: .cardIssued(residentId: id, cardNumber: number, issuedOn: CivilDate(iso: day)!))
    }

    func result(_ id: String, _ batch: String, failed reason: String? = nil) -> PayoutEvent {
        PayoutEvent(eventId: UUID(), townshipCode: F.township, change: reason.map {
            .failed(residentId: id, month: "2011-12", batchId: batch, reasonCode: $0)
        } ?? .completed(residentId: id, month: "2011-12", batchId: batch))
    }

    func outcomes(_ results: [AppliedEvent<PayoutOutcome>]) -> [PayoutOutcome?] {
        results.map { if case .applied(let outcome) = $0 { return outcome } else { return nil } }
    }

    @Test(arguments: StoreBackend.allCases) func paymentsWaitForTheNoticePeriod(_ backend: StoreBackend) async throws {
        let (fixture, _) = try await pensioners(backend)
        let posted = try await fixture.store.postNotices(on: CivilDate(iso: "2011-11-25")!)
        #expect(posted.count == 3)
        #expect(try await fixture.store.postNotices(on: CivilDate(iso: "2011-11-26")!).isEmpty)
        #expect(try await fixture.store.pensionersDue(month: "2011-12", today: CivilDate(iso: "2011-12-01")!, noticeDays: 7).isEmpty)
        #expect(try await fixture.store.pensionersDue(month: "2011-12", today: CivilDate(iso: "2011-12-02")!, noticeDays: 7).count == 3)
        #expect(try await fixture.store.pensionersDue(month: "2011-11", today: CivilDate(iso: "2011-12-02")!, noticeDays: 7).isEmpty)
        let page = NoticeDocument.render(posted, village: F.village, townshipName: "南华镇", postedOn: posted[0].postedOn, periodDays: 7)
        #expect(!page.contains(withCard) && page.contains(Masking.residentID(withCard)))
        #expect(page.contains("55.00") && page.contains("165.00 yuan"))
    }

    @Test(arguments: StoreBackend.allCases) func oneLedgerRowPerPensionerAndMonthWhateverIsRepeated(_ backend: StoreBackend) async throws {
        let (fixture, handler) = try await pensioners(backend)
        _ = try await fixture.store.postNotices(on: CivilDate(iso: "2011-11-20")!)
        let scheduled = try await requests(fixture, today: "2011-12-01")
        #expect(outcomes(try await run(handler, scheduled)) == [.ready, .heldNoCard, .ready])
        // The same events again (redelivered or scheduled again): the gate answers.
        #expect(outcomes(try await run(handler, try await requests(fixture, today: "2011-12-05"))) == [nil, nil, nil])
        // New events for the same month (another run with other IDs): the ledger's key answers.
        let other = scheduled.map { PayoutEvent(eventId: UUID(), townshipCode: $0.townshipCode, change: $0.change) }
        #expect(outcomes(try await run(handler, other)) == [.duplicate, .duplicate, .duplicate])
        // And SQL that bypasses every check is refused by the store itself.
        let ledger = try await fixture.store.ledgerSummaries(month: "2011-12")
        #expect(ledger.first?.count("ready") == 2 && ledger.first?.count("held_no_card") == 1)
        switch backend {
        case .sqlite:
            let queue = try DatabaseQueue(path: fixture.sqlitePath)
            #expect(throws: DatabaseError.self) {
                try queue.write { db in
                    try db.execute(sql: """
                        INSERT INTO payout_ledger (resident_id, month, township_code, village_code, amount_fen, status, request_event)
                        VALUES (?, '2011-12', '510623101', '510623101201', 5500, 'ready', 'x')
                        """, arguments: [withCard])
                }
            }
            try queue.close()
        case .postgres:
            let store = try #require(fixture.store as? PostgresStore)
            let error = await #expect(throws: PostgresStoreError.self) {
                try await store.insertLedgerRow(
                    residentId: withCard, month: "2011-12", townshipCode: F.township, villageCode: F.village,
                    amountFen: 5_500)
            }
            #expect(error?.sqlState == "23505")  // unique_violation of the primary key
            #expect(error.map { String(describing: $0).contains(withCard) } == false)
        }
    }

    @Test(arguments: StoreBackend.allCases) func batchesCardsResultsAndRetriesPayEachPensionerOnce(_ backend: StoreBackend) async throws {
        let (fixture, handler) = try await pensioners(backend)
        _ = try await fixture.store.postNotices(on: CivilDate(iso: "2011-11-20")!)
        _ = try await run(handler, try await requests(fixture, today: "2011-12-01"))

        let first = try await fixture.store.makeBankBatches(month: "2011-12", size: 1)
        #expect(first.map(\.records.count) == [1, 1])
        #expect(first.map(\.totalFen) == [5_500, 5_500])
        #expect(first.map(\.batchId) == ["2011-12-510623101-001", "2011-12-510623101-002"])
        #expect(Set(first.flatMap(\.records).map(\.residentId)) == [withCard, another])
        // Making batches again lists nobody a second time.
        #expect(try await fixture.store.makeBankBatches(month: "2011-12", size: 500) == first)
        let text = BankBatchFile.render(first[0], townshipName: "南华镇")
        #expect(text.contains("6217000000000000") && text.hasSuffix("TOTAL,1,5500\n"))

        // The card arrives: the held payment becomes ready and goes into the next batch.
        #expect(outcomes(try await run(handler, [card(withoutCard, "6217000000000000202", on: "2011-12-03")])) == [.cardRecorded])
        #expect(try await fixture.store.issuedCardCounts() == [F.township: 1])
        let second = try await fixture.store.makeBankBatches(month: "2011-12", size: 500)
        #expect(second.count == 3 && second[2].records.map(\.residentId) == [withoutCard])

        let batchOf = Dictionary(uniqueKeysWithValues: second.flatMap { b in b.records.map { ($0.residentId, b.batchId) } })
        let results = [
            result(withCard, batchOf[withCard]!),
            result(another, batchOf[another]!, failed: "rejected_by_bank"),
            result(withoutCard, batchOf[withoutCard]!, failed: "closed_account"),
        ]
        #expect(outcomes(try await run(handler, results)) == [.paid, .failed, .failed])
        // The same results under new event IDs (a bank file imported twice with edits) change nothing.
        let again = results.map { PayoutEvent(eventId: UUID(), townshipCode: $0.townshipCode, change: $0.change) }
        #expect(outcomes(try await run(handler, again)) == [.ignored, .ignored, .ignored])
        #expect(try await fixture.store.issuedCardCounts().isEmpty, "the closed card is not counted")

        // Retry the same month: the rejected one again (attempt 2); the closed account waits for a new card.
        let retry = try await fixture.store.makeBankBatches(month: "2011-12", size: 500)
        #expect(retry.count == 4)
        #expect(retry[3].records.map(\.residentId) == [another] && retry[3].records[0].attempt == 2)
        _ = try await run(handler, [card(withoutCard, "6217000000000009999", on: "2011-12-10")])
        let last = try await fixture.store.makeBankBatches(month: "2011-12", size: 500)
        #expect(last.count == 5 && last[4].records.map(\.cardNumber) == ["6217000000000009999"])
        #expect(try await fixture.store.issuedCardCounts() == [F.township: 1])
        _ = try await run(handler, [result(another, retry[3].batchId), result(withoutCard, last[4].batchId)])

        let ledger = try #require(try await fixture.store.ledgerSummaries(month: "2011-12").first)
        #expect(ledger.count("paid") == 3 && ledger.fen("paid") == 16_500)
        #expect(ledger.count("batched") + ledger.count("ready") + ledger.count("held_no_card") == 0)
        // Nothing more to batch, and a late duplicate "paid" for an old batch changes nothing.
        #expect(try await fixture.store.makeBankBatches(month: "2011-12", size: 500).count == 5)
        #expect(outcomes(try await run(handler, [result(another, batchOf[another]!)])) == [.ignored])
    }

    @Test(arguments: StoreBackend.allCases) func stoppedPaymentsAreNeverRetried(_ backend: StoreBackend) async throws {
        let (fixture, handler) = try await pensioners(backend)
        _ = try await fixture.store.postNotices(on: CivilDate(iso: "2011-11-20")!)
        _ = try await run(handler, try await requests(fixture, today: "2011-12-01"))
        let batches = try await fixture.store.makeBankBatches(month: "2011-12", size: 500)
        let records = batches.flatMap { b in b.records.map { (b.batchId, $0.residentId) } }
        _ = try await run(handler, records.map { result($0.1, $0.0, failed: $0.1 == withCard ? "deceased" : "suspended") })
        #expect(try await fixture.store.makeBankBatches(month: "2011-12", size: 500) == batches)
        let ledger = try #require(try await fixture.store.ledgerSummaries(month: "2011-12").first)
        #expect(ledger.count("stopped") == 2 && ledger.count("paid") == 0)
    }
}
