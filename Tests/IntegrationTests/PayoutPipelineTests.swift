import Foundation
import Kafka
import PensionDomain
import PensionPayouts
import PensionSimulation
import PensionStore
import PensionTestSupport
import Testing

/// Registrations through bank results on the real broker and SQLite or PostgreSQL, for a generated township, with exact expected
/// counts and sums; then replays of the payout topic and of the schedule; then a payout worker killed with SIGKILL.
@Suite(.serialized, .timeLimit(.minutes(10))) struct PayoutPipelineTests {
    static let december = PayoutMonth("2011-12")!
    static let january = PayoutMonth("2012-01")!

    @Test(arguments: StoreBackend.allCases)
    func registrationsThroughBankResultsThenReplays(_ backend: StoreBackend) async throws {
        let fixture = try await PayoutPipelineFixture(backend: backend)
        defer { fixture.cleanUp() }
        let store = fixture.store
        let expected = fixture.population.expectedEligibility
        let payout = ExpectedPayout(pensioners: expected.pensioners, month: Self.december, bank: fixture.bank)
        // The township must exercise every path.
        #expect(expected.released > 5 && expected.heldByReason["family_binding", default: 0] > 5)
        #expect(payout.due > 20 && payout.due < expected.eligible)
        #expect(payout.withCard < payout.due || payout.heldNoCard > 0)

        var payoutEvents = 0
        var batchFiles: [BankBatch] = []
        try await fixture.run(group: fixture.pipeline.prefix) {
            try await fixture.enrollEveryone()

            // Eligibility, exactly as the generator expects.
            let summary = try #require(try await store.eligibilitySummaries().first)
            #expect(summary.townshipCode == PayoutPipelineFixture.township)
            #expect(summary.eligible == expected.eligible)
            #expect(summary.released == expected.released)
            #expect(summary.heldByReason == expected.heldByReason)
            #expect(summary.contributors == expected.contributors)
            #expect(summary.monthlyFen == expected.monthlyFen)

            // Exactly one certificate print job per eligible pensioner.
            let certificateTopic = try #require(fixture.pipeline.topics.topic(forEvent: CertificatePrintRequested.eventType))
            let jobs = try await TestBroker.readAll(topic: certificateTopic.name, partitions: certificateTopic.partitions,
                                                    expected: expected.eligible)
            #expect(jobs.count == expected.eligible)
            #expect(Set(jobs.compactMap(\.key)).count == expected.eligible)

            // Notice on 1 December; nobody is due on the 7th (6 days), everyone eligible in November on the 8th.
            let posted = try await fixture.operations.postNotices(
                on: CivilDate(iso: "2011-12-01")!, into: fixture.pipeline.directory.appendingPathComponent("notices").path)
            #expect(posted.count == expected.pensioners.filter { $0.eligibleOn <= CivilDate(iso: "2011-12-01")! }.count)
            #expect(try await fixture.operations.schedule(month: Self.december, today: CivilDate(iso: "2011-12-07")!) == 0)
            let scheduled = try await fixture.operations.schedule(month: Self.december, today: CivilDate(iso: "2011-12-08")!)
            #expect(scheduled == payout.due)
            payoutEvents += scheduled
            try await fixture.waitForPayoutEvents(payoutEvents)

            // The bank's card file.
            let cardFile = fixture.bank.cardFile(for: expected.pensioners, openedOn: CivilDate(iso: "2011-12-09")!)
            let cards = try await fixture.operations.importCards(csv: cardFile)
            #expect(cards == expected.pensioners.filter { !$0.hasRegistrationCard && fixture.bank.opensCard(for: $0.residentId) }.count)
            payoutEvents += cards
            try await fixture.waitForPayoutEvents(payoutEvents)

            // Round 1: batch files of at most 500 records with control totals, then the bank's results.
            let directory = fixture.pipeline.directory.appendingPathComponent("bank").path
            let first = try await fixture.operations.batches(month: Self.december, into: directory)
            #expect(first.map(\.records.count) == [payout.withCard])
            #expect(first.allSatisfy { $0.records.count <= 500 && $0.totalFen == $0.records.reduce(0) { $0 + $1.amountFen } })
            #expect(first.reduce(0) { $0 + $1.totalFen } == payout.withCard * 5_500)
            let text = try String(contentsOfFile: directory + "/" + BankBatchFile.fileName(of: first[0]), encoding: .utf8)
            #expect(text.hasSuffix("TOTAL,\(payout.withCard),\(payout.withCard * 5_500)\n"))
            let results = try await fixture.operations.importResults(csv: BankResultFile.write(first) { _, _, record in
                fixture.bank.result(for: record.residentId, attempt: record.attempt)
            })
            #expect(results.failed == payout.failedByReason.values.reduce(0, +))
            payoutEvents += results.completed + results.failed
            try await fixture.waitForPayoutEvents(payoutEvents)

            // Round 2 retries the bank's rejections in the same month.
            let second = try await fixture.operations.batches(month: Self.december, into: directory)
            let retried = second.filter { $0.batchId != first[0].batchId }
            #expect(retried.flatMap(\.records).count == payout.failedByReason["rejected_by_bank", default: 0])
            #expect(retried.flatMap(\.records).allSatisfy { $0.attempt == 2 })
            let retryResults = try await fixture.operations.importResults(csv: BankResultFile.write(retried) { _, _, record in
                fixture.bank.result(for: record.residentId, attempt: record.attempt)
            })
            payoutEvents += retryResults.completed + retryResults.failed
            try await fixture.waitForPayoutEvents(payoutEvents)
            batchFiles = second
        }

        let ledger = try #require(try await store.ledgerSummaries(month: "2011-12").first)
        #expect(ledger.count("paid") == payout.paid)
        #expect(ledger.fen("paid") == payout.paidFen)
        #expect(ledger.count("held_no_card") == payout.heldNoCard)
        #expect(ledger.count("stopped") == payout.stopped)
        let rowsBefore = try await fixture.ledger()
        #expect(rowsBefore.count == payout.due)
        // Across the files nobody is listed twice for the same attempt.
        let listed = batchFiles.flatMap { batch in batch.records.map { "\($0.residentId)/\($0.attempt)" } }
        #expect(Set(listed).count == listed.count)

        // Replay: a new group reads pension.payout from the beginning, and the month is scheduled again.
        let applied = payoutEvents
        try await fixture.run(group: fixture.pipeline.prefix + "-replay") {
            #expect(try await fixture.operations.schedule(month: Self.december, today: CivilDate(iso: "2011-12-20")!)
                == payout.due)
            try await TestBroker.eventually(timeout: .seconds(120), "the replayed payout topic") {
                try await fixture.payoutRepeats() >= applied + payout.due
            }
        }
        #expect(try await fixture.payoutRepeats() == applied + payout.due)
        #expect(try await store.processedCount(stage: StoreStage.payout) == applied)
        let rowsAfter = try await fixture.ledger()
        #expect(rowsAfter.count == rowsBefore.count)
        for (key, value) in rowsBefore { #expect(rowsAfter[key].map { $0 == value } == true, "\(key)") }
        #expect(try await store.makeBankBatches(month: "2011-12", size: 500) == batchFiles)
    }

    /// Enrols everyone with the first three stages, posts the notice on 25 December, imports the bank's cards and
    /// schedules January (everyone eligible and posted by then is due); returns the payout events published.
    static func prepareJanuary(_ fixture: PayoutPipelineFixture) async throws -> Int {
        let expected = fixture.population.expectedEligibility
        var published = 0
        try await fixture.run(group: fixture.pipeline.prefix, payout: false) {
            try await fixture.enrollEveryone()
            _ = try await fixture.operations.postNotices(
                on: CivilDate(iso: "2011-12-25")!, into: fixture.pipeline.directory.appendingPathComponent("n").path)
            published += try await fixture.operations.importCards(
                csv: fixture.bank.cardFile(for: expected.pensioners, openedOn: CivilDate(iso: "2011-12-26")!))
            published += try await fixture.operations.schedule(month: january, today: CivilDate(iso: "2012-01-05")!)
        }
        #expect(expected.eligible > 150)
        return published
    }

    /// The figures of a clean run for January: one payment per pensioner and month, ready where there is a card,
    /// held without one; the bank batches list each ready pensioner once, with the right total.
    static func expectCleanJanuary(_ fixture: PayoutPipelineFixture) async throws {
        let expected = fixture.population.expectedEligibility
        let ledger = try await fixture.ledger()
        #expect(ledger.count == expected.pensioners.count)
        let withCard = expected.pensioners.filter { $0.hasRegistrationCard || fixture.bank.opensCard(for: $0.residentId) }
        #expect(ledger.values.filter { $0.0 == "ready" }.count == withCard.count)
        #expect(ledger.values.filter { $0.0 == "held_no_card" }.count == expected.pensioners.count - withCard.count)
        let batches = try await fixture.store.makeBankBatches(month: "2012-01", size: 500)
        let listed = batches.flatMap(\.records).map(\.residentId)
        #expect(listed.count == withCard.count)
        #expect(Set(listed).count == listed.count)
        #expect(batches.allSatisfy { $0.records.count <= 500 })
        #expect(batches.reduce(0) { $0 + $1.totalFen } == withCard.reduce(0) { $0 + $1.monthlyAmountFen })
    }

    @Test func payoutWorkerKilledWithSIGKILLPaysEachPensionerOnce() async throws {
        let fixture = try await PayoutPipelineFixture(residents: 900, seed: 8)
        defer { fixture.cleanUp() }
        let store = fixture.store
        let published = try await Self.prepareJanuary(fixture)
        let total = published

        // One event per batch, so the worker is killed between commits with work left.
        let storePath = fixture.pipeline.storePath("payout")
        let first = try WorkerProcess("payout", fixture: fixture.pipeline, store: storePath, name: "payout-1", batch: 1)
        try await TestBroker.eventually(timeout: .seconds(120), "a third of the payout events") {
            try await store.processedCount(stage: StoreStage.payout) >= total / 3
        }
        first.signal(SIGKILL)
        _ = try await first.waitForExit()
        let atKill = try await store.processedCount(stage: StoreStage.payout)
        #expect(atKill < published, "the worker finished before it was killed; the test proves nothing")

        let second = try WorkerProcess("payout", fixture: fixture.pipeline, store: storePath, name: "payout-2", batch: 50)
        try await fixture.waitForPayoutEvents(published)
        second.signal(SIGTERM)
        #expect(try await second.waitForExit() == 0)

        try await Self.expectCleanJanuary(fixture)
    }

    /// Two payout worker processes, each in its own working directory as on two hosts, share one PostgreSQL
    /// database; 凯江镇's four partitions keep both busy. Each is killed with SIGKILL in turn and replaced.
    @Test func twoPayoutWorkersOnOnePostgreSQLUnderSIGKILL() async throws {
        let fixture = try await PayoutPipelineFixture(backend: .postgres, residents: 1_200, seed: 9, township: "510623100")
        defer { fixture.cleanUp() }
        let store = fixture.store
        let total = try await Self.prepareJanuary(fixture)
        var generation = 0
        func start(_ host: String) throws -> WorkerProcess {
            generation += 1
            return try WorkerProcess(
                "payout", fixture: fixture.pipeline, store: fixture.storeArgument, name: "\(host)-\(generation)", batch: 1,
                workingDirectory: fixture.pipeline.directory.appendingPathComponent("\(host)-\(generation)"))
        }
        @Sendable func processed() async throws -> Int { try await store.processedCount(stage: StoreStage.payout) }

        var hostA = try start("host-a")
        var hostB = try start("host-b")
        for (share, victim) in [(4, "host-a"), (2, "host-b")] {
            try await TestBroker.eventually(timeout: .seconds(120), "1/\(share) of the payout events") {
                try await processed() >= total / share
            }
            let killed = victim == "host-a" ? hostA : hostB
            killed.signal(SIGKILL)
            _ = try await killed.waitForExit()
            if victim == "host-a" { hostA = try start("host-a") } else { hostB = try start("host-b") }
        }
        #expect(try await processed() < total, "every event was done before the last kill; the test proves less")
        try await fixture.waitForPayoutEvents(total, timeout: .seconds(180))
        for worker in [hostA, hostB] {
            worker.signal(SIGTERM)
            #expect(try await worker.waitForExit() == 0, "\(worker.output.suffix(2_000))")
        }

        try await Self.expectCleanJanuary(fixture)
    }

    /// 凯江镇 has four partitions, so verification results of one household may arrive in any order: whether a
    /// pensioner was held first varies, but the totals, the eligibility dates and so the month's payments do not.
    @Test func countySeatWithFourPartitionsReachesTheOrderIndependentFigures() async throws {
        let fixture = try await PayoutPipelineFixture(residents: 1_200, seed: 9, township: "510623100")
        defer { fixture.cleanUp() }
        let store = fixture.store
        let expected = fixture.population.expectedEligibility
        let payout = ExpectedPayout(pensioners: expected.pensioners, month: Self.december, bank: fixture.bank)
        var applied = 0
        try await fixture.run(group: fixture.pipeline.prefix) {
            try await fixture.enrollEveryone()
            let summary = try #require(try await store.eligibilitySummaries().first)
            #expect(summary.eligible == expected.eligible)
            #expect(summary.heldByReason == expected.heldByReason)
            #expect(summary.contributors == expected.contributors)
            #expect(summary.monthlyFen == expected.monthlyFen)
            #expect(summary.released > 0)

            _ = try await fixture.operations.postNotices(
                on: CivilDate(iso: "2011-12-01")!, into: fixture.pipeline.directory.appendingPathComponent("n").path)
            let scheduled = try await fixture.operations.schedule(month: Self.december, today: CivilDate(iso: "2011-12-08")!)
            #expect(scheduled == payout.due)
            applied += scheduled
            applied += try await fixture.operations.importCards(
                csv: fixture.bank.cardFile(for: expected.pensioners, openedOn: CivilDate(iso: "2011-12-09")!))
            try await fixture.waitForPayoutEvents(applied)
            for _ in 1...2 {
                let directory = fixture.pipeline.directory.appendingPathComponent("bank").path
                let batches = try await fixture.operations.batches(month: Self.december, into: directory)
                let ledger = try await fixture.ledger()
                let fresh = batches.filter { $0.records.allSatisfy { record in
                    ledger["\(record.residentId)/2011-12"]?.0 == "batched" } }
                let counts = try await fixture.operations.importResults(csv: BankResultFile.write(fresh) { _, _, record in
                    fixture.bank.result(for: record.residentId, attempt: record.attempt)
                })
                applied += counts.completed + counts.failed
                try await fixture.waitForPayoutEvents(applied)
            }
        }
        let ledger = try #require(try await store.ledgerSummaries(month: "2011-12").first)
        #expect(ledger.count("paid") == payout.paid)
        #expect(ledger.fen("paid") == payout.paidFen)
        #expect(ledger.count("held_no_card") == payout.heldNoCard)
        #expect(ledger.count("stopped") == payout.stopped)
    }
}
