import Foundation
import Kafka
import PensionDomain
import PensionPayouts
import PensionSimulation
import PensionStore
import PensionTestSupport
import PensionWorkers
import ServiceLifecycle
import Testing

/// A generated one-partition township run through all four stages on the real broker and a real store (SQLite or
/// PostgreSQL), with the payout operations of the `pension payout` / `bank` / `notice` commands.
struct PayoutPipelineFixture {
    let pipeline: PipelineFixture
    let store: any DriveStore
    /// The store as a worker process takes it (`STORE_URL`): a SQLite path or a PostgreSQL URL.
    let storeArgument: String
    let population: GeneratedPopulation
    let operations: PayoutOperations
    let bank: BankSimulation
    static let township = "510623204"  // 石泉乡: one partition, so results arrive in registration order

    init(
        backend: StoreBackend = .sqlite, residents: Int = 700, seed: UInt64 = 5, township: String = Self.township
    ) async throws {
        pipeline = try await PipelineFixture()
        let location: StoreLocation = backend == .sqlite
            ? .sqlite(path: pipeline.storePath("payout")) : try TestStores.location(.postgres, label: "payout")
        switch location {
        case .sqlite(let path): storeArgument = path
        case .postgres(let url): storeArgument = url
        }
        store = try await TestStores.open(location)
        var settings = GeneratorSettings(townshipCodes: [township])
        settings.residentsPerTownship = residents
        settings.seed = seed
        population = PopulationGenerator().generate(settings)
        try await store.loadHouseholdRegister(population.householdRegister.map {
            HouseholdMember(householdNumber: $0.householdNumber, residentId: $0.residentId, name: $0.name,
                            relationship: $0.relationship, sex: $0.sex, birthDate: $0.birthDate)
        })
        operations = PayoutOperations(
            topics: pipeline.topics, plan: pipeline.plan, townships: pipeline.townships, rules: PensionRules(),
            store: store,
            publish: { messages in
                let producer = try TestBroker.producer()
                let count = try await producer.send(messages).count
                try await producer.shutdown()
                return count
            })
        bank = BankSimulation(seed: seed)
    }

    func eligibilityHandler() throws -> EligibilityHandler {
        try EligibilityHandler(topics: pipeline.topics, store: store, rules: PensionRules(), plan: pipeline.plan)
    }

    func payoutHandler() throws -> PayoutHandler { try PayoutHandler(topics: pipeline.topics, store: store) }

    /// Runs the registration, ID-verification and eligibility stages (and the payout stage unless `payout` is
    /// false) in-process until `body` returns.
    func run(group: String, payout: Bool = true, _ body: () async throws -> Void) async throws {
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: try pipeline.worker(try pipeline.registrationHandler(store), group: "\(group)-registration")),
            .init(service: try pipeline.worker(try pipeline.verificationHandler(store), group: "\(group)-id-verification")),
            .init(service: try pipeline.worker(try eligibilityHandler(), group: "\(group)-eligibility")),
        ]
        if payout { services.append(.init(service: try pipeline.worker(try payoutHandler(), group: "\(group)-payout"))) }
        let group = ServiceGroup(configuration: .init(services: services, logger: TestBroker.logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await body()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// Publishes the population and waits until the eligibility stage has seen every verification result.
    func enrollEveryone() async throws {
        let published = try await pipeline.publish(population)
        try await pipeline.waitUntilProcessed(store, published: published)
        try await TestBroker.eventually(timeout: .seconds(120), "every verification result at the eligibility stage") {
            let results = try await store.processedCount(stage: StoreStage.idVerification)
                - (try await store.deadLetterCount(stage: StoreStage.idVerification))
            return try await store.processedCount(stage: StoreStage.eligibility) == results
        }
    }

    /// Waits until the payout stage has applied `count` distinct events.
    func waitForPayoutEvents(_ count: Int, timeout: Duration = .seconds(120)) async throws {
        try await TestBroker.eventually(timeout: timeout, "\(count) payout events applied") {
            try await store.processedCount(stage: StoreStage.payout) >= count
        }
        #expect(try await store.processedCount(stage: StoreStage.payout) == count)
    }

    /// Events the payout stage found already applied (redelivered or replayed).
    func payoutRepeats() async throws -> Int {
        let rows = try await TestStores.rows(store, """
            SELECT COALESCE(SUM(count), 0) FROM event_counts WHERE stage = 'payout' AND outcome = 'alreadyApplied'
            """)
        return rows.first?.first.flatMap { $0.flatMap { Int($0) } } ?? 0
    }

    /// Every ledger row: (resident, month) → (status, amount, attempts).
    func ledger() async throws -> [String: (String, Int, Int)] {
        var rows: [String: (String, Int, Int)] = [:]
        for row in try await TestStores.rows(
            store, "SELECT resident_id, month, status, amount_fen, attempts FROM payout_ledger")
        {
            let key = "\(row[0] ?? "")/\(row[1] ?? "")"
            #expect(rows[key] == nil)
            rows[key] = (row[2] ?? "", Int(row[3] ?? "") ?? -1, Int(row[4] ?? "") ?? -1)
        }
        return rows
    }

    func cleanUp() {
        try? (store as? SQLiteStore)?.close()
        pipeline.cleanUp()
    }
}
