import Foundation
import Kafka
import Logging
import PensionCertificates
import PensionDomain
import PensionHTTP
import PensionMetrics
import PensionPayouts
import PensionSimulation
import PensionStore
import PensionTestSupport
import PensionWorkers
import Prometheus
import ServiceLifecycle
import Testing

/// A generated township through every stage (registration to bank results, certificates printed) with the
/// metrics worker counting beside them, on the real broker and SQLite; what the metrics tests check against.
struct MetricsFixture {
    let payout: PayoutPipelineFixture
    var pipeline: PipelineFixture { payout.pipeline }
    var store: any DriveStore { payout.store }
    var metricsGroup: String { pipeline.prefix + "-metrics" }
    static let december = PayoutMonth("2011-12")!

    /// What the run should count, from the generator and the simulated bank.
    struct Expected {
        var counts: ExpectedCounts
        var eligibility: ExpectedEligibility
        var payout: ExpectedPayout
        var bankCards: Int
        var payoutsFailed = 0
        var payouts = 0
        var payoutsFen = 0
    }

    /// The in-process server's Prometheus registry. swift-metrics is not bootstrapped with it: the test process's
    /// metrics system belongs to the runtime's unit tests (`TestMetrics`), and a process bootstraps once. The
    /// workers' own series are checked on a worker process's `/metrics` (``MetricsProjectionTests/checkCommands``).
    let registry = PrometheusCollectorRegistry()

    init(backend: StoreBackend = .sqlite, residents: Int = 500) async throws {
        payout = try await PayoutPipelineFixture(backend: backend, residents: residents, seed: 5)
    }

    func metricsHandler() -> MetricsHandler {
        MetricsHandler(topics: pipeline.topics, plan: pipeline.plan, store: store, logger: TestBroker.logger)
    }

    /// A worker on `consumer` (the rebuild's) with the fixture's runtime settings.
    func worker(_ handler: MetricsHandler, consumer: any StageConsumer, scope: StageScope) throws -> StageWorker<MetricsHandler> {
        var runtime = StageWorker<MetricsHandler>.Configuration()
        runtime.retry = RetryPolicy(initialDelay: .milliseconds(50), maximumDelay: .seconds(1))
        return StageWorker(handler: handler, consumer: consumer, producer: try TestBroker.producer(), plan: pipeline.plan,
                           scope: scope, configuration: runtime, logger: TestBroker.logger)
    }

    func metricsConsumer() throws -> KafkaConsumer {
        var kafka = try TestBroker.kafka("tests-metrics")
        kafka.properties["max.poll.interval.ms"] = "30000"
        var settings = KafkaConsumerConfiguration(kafka: kafka, groupID: metricsGroup)
        settings.sessionTimeoutMilliseconds = 6_000
        settings.maxBatchSize = 500
        return try KafkaConsumer.make(configuration: settings, logger: TestBroker.logger)
    }

    /// Runs every stage and the metrics worker through the whole drive: registrations, verification,
    /// eligibility, certificates, notice, December's schedule, the bank's cards, two rounds of bank results; waits
    /// until the projection has counted all of it.
    func runDrive() async throws -> Expected {
        var expected = Expected(
            counts: payout.population.expected, eligibility: payout.population.expectedEligibility,
            payout: ExpectedPayout(pensioners: payout.population.expectedEligibility.pensioners, month: Self.december,
                                   bank: payout.bank),
            bankCards: 0)
        let spool = CertificateSpool(
            directory: pipeline.directory.appendingPathComponent("spool"),
            renderer: CertificateRenderer(issuingOffice: "中江县社会保险事业管理局", townshipNames: [:]))
        let group = pipeline.prefix
        let services = ServiceGroup(configuration: .init(services: [
            .init(service: try pipeline.worker(try pipeline.registrationHandler(store), group: "\(group)-registration")),
            .init(service: try pipeline.worker(try pipeline.verificationHandler(store), group: "\(group)-id-verification")),
            .init(service: try pipeline.worker(try payout.eligibilityHandler(), group: "\(group)-eligibility")),
            .init(service: try pipeline.worker(try payout.payoutHandler(), group: "\(group)-payout")),
            .init(service: try pipeline.worker(try CertificateHandler(topics: pipeline.topics, store: store, spool: spool),
                                               group: "\(group)-certificate", batch: 200)),
            .init(service: try pipeline.worker(metricsHandler(), group: metricsGroup)),
        ], logger: TestBroker.logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await services.run() }
            try await payout.enrollEveryone()
            let operations = payout.operations
            _ = try await operations.postNotices(on: CivilDate(iso: "2011-12-01")!,
                                                 into: pipeline.directory.appendingPathComponent("notices").path)
            var payoutEvents = try await operations.schedule(month: Self.december, today: CivilDate(iso: "2011-12-08")!)
            try await payout.waitForPayoutEvents(payoutEvents)
            let cards = try await operations.importCards(csv: payout.bank.cardFile(
                for: expected.eligibility.pensioners, openedOn: CivilDate(iso: "2011-12-09")!))
            expected.bankCards = cards
            payoutEvents += cards
            try await payout.waitForPayoutEvents(payoutEvents)
            let directory = pipeline.directory.appendingPathComponent("bank").path
            var sent: Set<String> = []
            for _ in 1...2 {  // the second round retries the first's rejections
                let fresh = try await operations.batches(month: Self.december, into: directory)
                    .filter { !sent.contains($0.batchId) }
                sent.formUnion(fresh.map(\.batchId))
                let results = try await operations.importResults(csv: BankResultFile.write(fresh) { _, _, record in
                    payout.bank.result(for: record.residentId, attempt: record.attempt)
                })
                expected.payoutsFailed += results.failed
                payoutEvents += results.completed + results.failed
                try await payout.waitForPayoutEvents(payoutEvents)
            }
            let ledger = try #require(try await store.ledgerSummaries(month: "2011-12").first)
            expected.payouts = ledger.count("paid")
            expected.payoutsFen = ledger.fen("paid")
            let target = expected
            try await TestBroker.eventually(timeout: .seconds(180), "the metrics projection to count the whole drive") {
                let county = try await store.metricsByVillage().reduce(MetricsCounters()) { $0 + $1.counters }
                return county.submitted == target.counts.submitted && county.payouts == target.payouts
                    && county.certificatesPrinted == target.eligibility.eligible
                    && county.payoutsFailedByReason.values.reduce(0, +) == target.payoutsFailed
                    && county.bankCards == target.bankCards
                    && county.deadLetterTotal == target.counts.malformed
                    && county.verified + county.rejected == target.counts.enrolled
                    && county.eligible + county.held == target.eligibility.eligible + target.eligibility.held
            }
            await services.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        return expected
    }

    func cleanUp() { payout.cleanUp() }
}
