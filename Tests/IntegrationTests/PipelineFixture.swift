import Foundation
import Kafka
import PensionDomain
import PensionSimulation
import PensionStore
import PensionWorkers
import ServiceLifecycle
import Testing

/// One pipeline under test: its own topic names (the catalog's with a unique prefix), its own config directory
/// for worker processes, and helpers to publish a population and run the stages in-process.
struct PipelineFixture {
    let directory: URL
    let configDir: URL
    let topics: TopicCatalog
    let townships: TownshipCatalog
    let plan: PartitionPlan
    let prefix: String

    static var repositoryConfig: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config")
    }

    init() async throws {
        prefix = TestBroker.uniqueName("t")
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pension-\(prefix)")
        configDir = directory.appendingPathComponent("config")
        try FileManager.default.createDirectory(at: configDir, withIntermediateDirectories: true)
        for file in ["pension.json", "townships.json", "partition-plan.json"] {
            try FileManager.default.copyItem(
                at: Self.repositoryConfig.appendingPathComponent(file), to: configDir.appendingPathComponent(file)
            )
        }
        topics = try TopicCatalog.load(from: Self.repositoryConfig.appendingPathComponent("topics.json")).renamed(prefix: prefix)
        try JSONEncoder().encode(["topics": topics.topics]).write(to: configDir.appendingPathComponent("topics.json"))
        townships = try TownshipCatalog.load(from: configDir.appendingPathComponent("townships.json"))
        plan = try PartitionPlan.load(from: configDir.appendingPathComponent("partition-plan.json"), townships: townships)
        let admin = try TestBroker.admin()
        _ = try await admin.createTopics(topics.topics.map { .init(name: $0.name, partitions: $0.partitions) })
    }

    func storePath(_ name: String) -> String { directory.appendingPathComponent("\(name).sqlite").path }

    static let policy = IDVerificationPolicy(
        referenceDate: CivilDate(iso: "2011-11-18")!, minimumAge: 16, acceptedDivisionCodes: ["510623", "510603", "510681"]
    )

    func registrationHandler(_ store: any PensionStore) throws -> RegistrationHandler {
        try RegistrationHandler(topics: topics, store: store, townships: townships,
                                tiers: Set(stride(from: 100, through: 1000, by: 100)))
    }

    func verificationHandler(_ store: any PensionStore) throws -> IDVerificationHandler {
        try IDVerificationHandler(topics: topics, store: store, policy: Self.policy)
    }

    func worker<Handler: StageHandler>(
        _ handler: Handler, group: String, batch: Int = 500,
        protocol rebalance: KafkaConsumerConfiguration.RebalanceProtocol = .cooperativeSticky,
        scope: StageScope = .group, progress: (@Sendable (CommittedBatch) -> Void)? = nil
    ) throws -> StageWorker<Handler> {
        var kafka = try TestBroker.kafka("tests-worker")
        // A member that stops polling leaves the group after 30 s instead of holding a rebalance for 5 minutes.
        kafka.properties["max.poll.interval.ms"] = "30000"
        var settings = KafkaConsumerConfiguration(kafka: kafka, groupID: group)
        settings.sessionTimeoutMilliseconds = 6_000
        settings.maxBatchSize = batch
        settings.rebalanceProtocol = rebalance
        var runtime = StageWorker<Handler>.Configuration()
        runtime.retry = RetryPolicy(initialDelay: .milliseconds(50), maximumDelay: .seconds(1))
        return StageWorker(
            handler: handler, consumer: try KafkaConsumer.make(configuration: settings, logger: TestBroker.logger),
            producer: try TestBroker.producer(), plan: plan, scope: scope, configuration: runtime, logger: TestBroker.logger,
            progress: progress
        )
    }

    /// Publishes the generated records (all, or those in `range`) to the registration topic, in their townships'
    /// partitions.
    func publish(_ population: GeneratedPopulation, records range: Range<Int>? = nil) async throws -> Int {
        let topic = try #require(topics.topic(forEvent: RegistrationSubmitted.eventType)).name
        let producer = try TestBroker.producer()
        let messages = try population.records[range ?? population.records.indices].map { record in
            let key = MessageKey.resident(record.residentId)
            return KafkaProducerMessage(
                topic: topic, partition: try plan.partition(townshipCode: record.townshipCode, key: key),
                key: key, value: record.value
            )
        }
        let reports = try await producer.send(messages)
        try await producer.shutdown()
        return reports.count
    }

    /// Waits until the store holds every published registration and every verification request they caused.
    func waitUntilProcessed(_ store: any PensionStore, published: Int, timeout: Duration = .seconds(120)) async throws {
        try await TestBroker.eventually(timeout: timeout, "all \(published) registrations and their verifications") {
            try await PipelineProgress.read(from: store).isDrained(published: published)
        }
    }

    /// Runs both stages in-process until `body` returns, then shuts them down gracefully.
    func runStages(_ store: any PensionStore, group: String, _ body: () async throws -> Void) async throws {
        let services = ServiceGroup(configuration: .init(
            services: [
                .init(service: try worker(try registrationHandler(store), group: "\(group)-registration")),
                .init(service: try worker(try verificationHandler(store), group: "\(group)-id-verification")),
            ],
            logger: TestBroker.logger
        ))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await services.run() }
            try await body()
            await services.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// Runs `population` through both stages on a new SQLite store, undisturbed: the state fingerprint a disturbed
    /// run must reach, and the number of registrations published.
    static func undisturbedRun(_ population: GeneratedPopulation) async throws -> (fingerprint: String, published: Int) {
        let reference = try await PipelineFixture()
        defer { reference.cleanUp() }
        let calm = try SQLiteStore.open(path: reference.storePath("calm"))
        try await calm.loadHouseholdRegister(population.storeRegister)
        let published = try await reference.publish(population)
        try await reference.runStages(calm, group: reference.prefix) {
            try await reference.waitUntilProcessed(calm, published: published)
        }
        return (try await calm.stateFingerprint(), published)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }
}
