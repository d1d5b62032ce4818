import Foundation
import PensionDomain
import PensionPayouts
import PensionSimulation
import PensionStore

/// The demo's second half: eligibility drained, public notice, the month's schedule, the simulated bank's card file,
/// two rounds of bank batch files and results (the second retrying the first's failures), and the tables.
struct DemoPayouts {
    let context: AppContext
    let store: SQLiteStore
    let population: GeneratedPopulation
    let directory: String
    let month: String
    let timeout: Int

    static let noticeDay = CivilDate(year: 2011, month: 12, day: 1)!
    static let payDay = CivilDate(year: 2011, month: 12, day: 8)!
    static let cardDay = CivilDate(year: 2011, month: 12, day: 9)!

    func run() async throws {
        guard let month = PayoutMonth(month) else { throw CLIError("--month must be YYYY-MM") }
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try await waitForEligibility()
        let operations = try context.payoutOperations(store: store)
        let bank = BankSimulation(seed: population.settings.seed)

        let notices = try await operations.postNotices(on: Self.noticeDay, into: directory + "/notices")
        print("notice: posted \(notices.count) pensioners on \(Self.noticeDay) in \(Set(notices.map(\.villageCode)).count) villages (\(directory)/notices)")
        var expectedPayoutEvents = try await store.processedCount(stage: StoreStage.payout)
        let scheduled = try await operations.schedule(month: month, today: Self.payDay)
        print("schedule: \(scheduled) payout.requested for \(month) on business date \(Self.payDay)")
        expectedPayoutEvents += scheduled
        try await waitForPayouts(expectedPayoutEvents)

        let cardFile = directory + "/bank-cards.csv"
        try bank.cardFile(for: population.expectedEligibility.pensioners, openedOn: Self.cardDay)
            .write(toFile: cardFile, atomically: true, encoding: .utf8)
        let cards = try await operations.importCards(csv: try String(contentsOfFile: cardFile, encoding: .utf8))
        print("bank: imported \(cards) opened cards from \(cardFile)")
        expectedPayoutEvents += cards
        try await waitForPayouts(expectedPayoutEvents)

        var settled: Set<String> = []
        for round in 1...2 {
            let batches = try await operations.batches(month: month, into: directory + "/bank/\(month)")
            let fresh = batches.filter { !settled.contains($0.batchId) }
            settled.formUnion(fresh.map(\.batchId))
            let records = fresh.reduce(0) { $0 + $1.records.count }
            let total = fresh.reduce(0) { $0 + $1.totalFen }
            print("batches round \(round): \(fresh.count) new files, \(records) records, control total \(Money.yuan(total)) yuan "
                + "(\(directory)/bank/\(month))")
            guard !fresh.isEmpty else { break }
            let resultFile = directory + "/bank-results-\(round).csv"
            try BankResultFile.write(fresh) { _, _, record in bank.result(for: record.residentId, attempt: record.attempt) }
                .write(toFile: resultFile, atomically: true, encoding: .utf8)
            let counts = try await operations.importResults(csv: try String(contentsOfFile: resultFile, encoding: .utf8))
            print("bank: round \(round) results: \(counts.completed) paid, \(counts.failed) failed (\(resultFile))")
            expectedPayoutEvents += counts.completed + counts.failed
            try await waitForPayouts(expectedPayoutEvents)
        }
    }

    private func waitForEligibility() async throws {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while true {
            let results = try await store.processedCount(stage: StoreStage.idVerification)
                - (try await store.deadLetterCount(stage: StoreStage.idVerification))
            let seen = try await store.processedCount(stage: StoreStage.eligibility)
            print("processed: eligibility \(seen)/\(results)")
            if seen >= results { return }
            guard ContinuousClock.now < deadline else { throw CLIError("timed out waiting for the eligibility stage") }
            try await Task.sleep(for: .seconds(1))
        }
    }

    private func waitForPayouts(_ count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while try await store.processedCount(stage: StoreStage.payout) < count {
            guard ContinuousClock.now < deadline else { throw CLIError("timed out waiting for the payout stage") }
            try await Task.sleep(for: .milliseconds(300))
        }
    }

    func printTable() async throws {
        let eligibility = try await store.eligibilitySummaries()
        let ledger = try await store.ledgerSummaries(month: month)
        let cards = try await store.issuedCardCounts()
        print("")
        print("township   name      eligible  released  held (by reason)                cards  paid \(month)  yuan")
        var totals = (eligible: 0, released: 0, held: 0, cards: 0, paid: 0, fen: 0)
        for summary in eligibility {
            let name = context.townships[code: summary.townshipCode]?.name ?? "-"
            let held = summary.heldByReason.isEmpty ? "0"
                : summary.heldByReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            let paid = ledger.first { $0.townshipCode == summary.townshipCode }
            let card = cards[summary.townshipCode] ?? 0
            print("\(summary.townshipCode)  \(name)  \(String(summary.eligible).leftPad(9))\(String(summary.released).leftPad(10))  "
                + "\(held.padding(toLength: 30, withPad: " ", startingAt: 0))\(String(card).leftPad(6))"
                + "\(String(paid?.count("paid") ?? 0).leftPad(11))  \(Money.yuan(paid?.fen("paid") ?? 0))")
            totals.eligible += summary.eligible
            totals.released += summary.released
            totals.held += summary.held
            totals.cards += card
            totals.paid += paid?.count("paid") ?? 0
            totals.fen += paid?.fen("paid") ?? 0
        }
        print("total                 \(String(totals.eligible).leftPad(9))\(String(totals.released).leftPad(10))  "
            + "\(String(totals.held).padding(toLength: 30, withPad: " ", startingAt: 0))\(String(totals.cards).leftPad(6))"
            + "\(String(totals.paid).leftPad(11))  \(Money.yuan(totals.fen))")
        let expected = population.expectedEligibility
        let payout = ExpectedPayout(pensioners: expected.pensioners, month: PayoutMonth(month)!,
                                    bank: BankSimulation(seed: population.settings.seed))
        print("expected (generator): eligible \(expected.eligible), released \(expected.released) (exact for one-partition "
            + "townships), held \(expected.held), paid \(payout.paid) (\(Money.yuan(payout.paidFen)) yuan)")
        print("card column: cards opened by the bank's feedback file; the others came with the registration. Notice pages, "
            + "bank batch files and the simulated bank's files are in \(directory).")
    }
}
