import Foundation
import ArgumentParser
import Kafka
import Logging
import PensionDomain
import PensionOperations
import PensionMetrics
import PensionPayouts
import PensionPostgres
import PensionStore
import PensionWorkers
import ServiceLifecycle

struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run one stage's worker until SIGTERM or SIGINT (finishes its batches, commits, leaves the group).",
        subcommands: [Registration.self, IDVerification.self, Eligibility.self, Payout.self, Certificate.self, Metrics.self]
    )

    struct Scope: ParsableArguments {
        @Option(name: .customLong("township"), help: "Read only this township's partitions (repeatable), outside the group; refused while the group has elastic workers. Default: join the stage's group.")
        var townships: [String] = []
        @Option(help: "The consumer group (default: pension-<stage>); another group reads the topic on its own, e.g. a replay.")
        var group: String?
        @Option(help: "Serve this worker's Prometheus /metrics on this port (default: metrics.workerPort; 0: none).")
        var metricsPort: Int?

        /// Loads the settings (logger label `pension.worker.<stage>`), opens the store, makes the stage's handler and
        /// runs its worker under a lease (elastic or pinned, never both for one group: ``WorkerLeaseGuard``) until
        /// SIGTERM or SIGINT.
        func run<Handler: StageHandler>(
            _ stage: String, _ options: GlobalOptions,
            handler: (AppContext, any DriveStore) async throws -> Handler
        ) async throws {
            let context = try await options.load("pension.worker.\(stage)")
            // Before the worker is made: its counters are created with the factory bootstrapped then.
            _ = Observability.registry
            let store = try await context.openStore()
            let handler = try await handler(context, store)
            let scope = try resolve(context)
            let group = group ?? "pension-\(handler.stage)"
            let worker = try context.worker(handler, scope: scope, group: group)
            do {
                try await context.runWorkers(
                    [context.leased(worker, group: group, scope: scope, store: store)] + context.metricsEndpoint(port: metricsPort))
            } catch let refused as WorkerLeaseRefused {
                throw CLIError(refused.description)
            } catch let lost as WorkerLeaseLost {
                throw CLIError(lost.description)
            }
        }

        func resolve(_ context: AppContext) throws -> StageScope {
            guard !townships.isEmpty else { return .group }
            return .partitions(try townships.flatMap { code in
                guard let owned = context.plan.partitions(of: code) else { throw CLIError("unknown township code \(code)") }
                return owned
            })
        }
    }

    struct Registration: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Consume registration.submitted, upsert enrollees, request ID checks.")
        @OptionGroup var options: GlobalOptions
        @OptionGroup var scope: Scope

        func run() async throws {
            try await scope.run("registration", options) { try $0.registrationHandler(store: $1) }
        }
    }

    struct IDVerification: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "id-verification",
            abstract: "Consume id.verification.requested, check ID and household register, emit id.verified / id.rejected."
        )
        @OptionGroup var options: GlobalOptions
        @OptionGroup var scope: Scope

        func run() async throws {
            try await scope.run("id-verification", options) { try $0.verificationHandler(store: $1) }
        }
    }
}

extension WorkerCommand {
    struct Eligibility: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Consume id.verified, decide eligible / held / released / contributor with family binding, "
                + "emit pension.eligible / pension.held / pension.released and certificate.print.requested."
        )
        @OptionGroup var options: GlobalOptions
        @OptionGroup var scope: Scope

        func run() async throws {
            try await scope.run("eligibility", options) { try $0.eligibilityHandler(store: $1) }
        }
    }
}

extension WorkerCommand {
    struct Payout: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Consume pension.payout (payout.requested, bankcard.issued, payout.completed, payout.failed) into "
                + "the ledger: one payment per pensioner and month, held without a card."
        )
        @OptionGroup var options: GlobalOptions
        @OptionGroup var scope: Scope

        func run() async throws {
            try await scope.run("payout", options) { try PayoutHandler(topics: $0.topics, store: $1) }
        }
    }
}

extension AppContext {
    /// Opens the store at `store.url` (a SQLite file's directory is created when missing).
    func openStore() async throws -> any DriveStore {
        if case .sqlite(let path) = store {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        do {
            return try await StoreOpener.open(store, password: storePassword, logger: logger)
        } catch let error as StoreLocationError {
            throw CLIError(error.description)
        }
    }

    func registrationHandler(store: any PensionStore) throws -> RegistrationHandler {
        let tiers = config.intArray(forKey: "registration.contributionTiersYuan", default: [100, 200, 300, 400, 500])
        return try RegistrationHandler(topics: topics, store: store, townships: townships, tiers: Set(tiers))
    }

    func verificationHandler(store: any PensionStore) throws -> IDVerificationHandler {
        let dateText = config.string(forKey: "verification.referenceDate", default: "2011-11-18")
        guard let referenceDate = CivilDate(iso: dateText) else {
            throw CLIError("verification.referenceDate must be YYYY-MM-DD")
        }
        let policy = IDVerificationPolicy(
            referenceDate: referenceDate, minimumAge: config.int(forKey: "verification.minimumAge", default: 16),
            acceptedDivisionCodes: Set(config.stringArray(forKey: "verification.acceptedDivisionCodes", default: [townships.countyCode]))
        )
        return try IDVerificationHandler(topics: topics, store: store, policy: policy)
    }

    func eligibilityHandler(store: any DriveStore) throws -> EligibilityHandler {
        try EligibilityHandler(topics: topics, store: store, rules: try pensionRules(), plan: plan)
    }

    /// A worker for `handler`, in the consumer group `pension-<stage>`.
    /// `consumer` replaces the worker's own consumer (the metrics rebuild reads from the beginning).
    func worker<Handler: StageHandler>(
        _ handler: Handler, scope: StageScope, group: String? = nil, consumer: (any StageConsumer)? = nil,
        progress: (@Sendable (CommittedBatch) -> Void)? = nil
    ) throws -> StageWorker<Handler> {
        let settings = consumerSettings(group: group ?? "pension-\(handler.stage)")
        var runtime = StageWorker<Handler>.Configuration()
        runtime.maxBatchesInFlight = config.int(forKey: "worker.maxBatchesInFlight", default: 4)
        runtime.maxBatchesPerTransaction = config.int(forKey: "worker.maxBatchesPerTransaction", default: 2)
        runtime.pauseAfter = .milliseconds(config.int(forKey: "worker.pauseAfterMs", default: 1_000))
        runtime.retry = RetryPolicy(
            initialDelay: .milliseconds(config.int(forKey: "worker.retryInitialMs", default: 100)),
            maximumDelay: .milliseconds(config.int(forKey: "worker.retryMaximumMs", default: 5_000))
        )
        var logger = logger
        logger[metadataKey: "pension.stage"] = "\(handler.stage)"
        logger.info(
            "worker settings",
            metadata: [
                "pension.batch.max": "\(settings.maxBatchSize)", "pension.batches.max": "\(runtime.maxBatchesInFlight)",
                "kafka.session.timeout.ms": "\(settings.sessionTimeoutMilliseconds)",
                "pension.shutdown.limit": "\(shutdownLimit)",
            ]
        )
        return StageWorker(
            handler: handler, consumer: try consumer ?? KafkaConsumer.make(configuration: settings, logger: logger),
            producer: try KafkaProducer.make(configuration: KafkaProducerConfiguration(kafka: kafka), logger: logger),
            plan: plan, scope: scope, configuration: runtime, logger: logger, progress: progress
        )
    }

    /// The consumer settings of a worker in `group`.
    func consumerSettings(group: String) -> KafkaConsumerConfiguration {
        var settings = KafkaConsumerConfiguration(kafka: kafka, groupID: group)
        settings.sessionTimeoutMilliseconds = config.int(forKey: "worker.sessionTimeoutMs", default: 10_000)
        settings.maxBatchSize = config.int(forKey: "worker.maxBatchSize", default: 5_000)
        settings.prefetchKilobytes = config.int(forKey: "worker.prefetchKilobytes", default: 16_384)
        return settings
    }

    /// A consumer in the metrics group, with the workers' settings.
    func metricsConsumer() throws -> KafkaConsumer {
        try KafkaConsumer.make(configuration: consumerSettings(group: MetricsHandler.group), logger: logger)
    }

    /// How long SIGTERM may take: in-flight work is finished or abandoned within this, then the clients close.
    var shutdownLimit: Duration { .milliseconds(config.int(forKey: "worker.shutdownTimeoutMs", default: 15_000)) }

    /// Runs workers until SIGTERM or SIGINT; a graceful shutdown that exceeds ``shutdownLimit`` is cancelled.
    func runWorkers(_ workers: [any Service]) async throws {
        var configuration = ServiceGroupConfiguration(
            services: workers.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
        )
        configuration.maximumGracefulShutdownDuration = shutdownLimit
        try await ServiceGroup(configuration: configuration).run()
    }
}
