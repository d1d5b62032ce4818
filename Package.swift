// swift-tools-version: 6.2
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "pension",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "pension", targets: ["PensionCLI"]),
        .library(name: "Kafka", targets: ["Kafka"]),
        .library(name: "PensionDomain", targets: ["PensionDomain"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-async-algorithms", from: "1.1.4"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // Tests only: DeployTests reads the compose file and the Kubernetes manifests.
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CRDKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        .systemLibrary(
            name: "CJemalloc",
            providers: [.apt(["libjemalloc-dev"])]
        ),
        .systemLibrary(
            name: "CPangoCairo",
            pkgConfig: "pangocairo",
            providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]
        ),
        // Text on a Cairo page through Pango, for the certificates and the ranking report's PDF.
        .target(
            name: "PangoText",
            dependencies: ["CPangoCairo"],
            swiftSettings: strict
        ),
        // The bare Cairo/Pango loop `pension bench certificates` compares the stage's renderer with.
        .target(
            name: "CCertificateBaseline",
            dependencies: ["CPangoCairo"]
        ),
        .target(
            name: "Kafka",
            dependencies: [
                "CRDKafka",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "PensionDomain",
            swiftSettings: strict
        ),
        .target(
            name: "PensionStore",
            dependencies: ["PensionDomain", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // The same store protocols on PostgreSQL, and the opener that picks a backend from `store.url`.
        .target(
            name: "PensionPostgres",
            dependencies: [
                "PensionDomain", "PensionStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                // Its pool's error type only (the circuit breaker's, which PostgresNIO passes through).
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Stores on both backends for the tests (a temporary SQLite file, a fresh schema on the test server).
        .target(
            name: "PensionTestSupport",
            dependencies: ["PensionStore", "PensionPostgres", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(
            name: "PensionWorkers",
            dependencies: [
                "Kafka", "PensionDomain", "PensionStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "PensionCertificates",
            dependencies: [
                "CPangoCairo", "PangoText", "Kafka", "PensionDomain", "PensionStore", "PensionWorkers",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "PensionPayouts",
            dependencies: ["Kafka", "PensionDomain", "PensionStore", "PensionWorkers"],
            swiftSettings: strict
        ),
        .target(
            name: "PensionOperations",
            dependencies: [
                "Kafka", "PensionDomain", "PensionStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "PensionMetrics",
            dependencies: [
                "CPangoCairo", "PangoText", "Kafka", "PensionDomain", "PensionStore", "PensionWorkers",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "PensionHTTP",
            dependencies: [
                "PensionDomain", "PensionStore", "PensionMetrics", "PensionOperations",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Deployment manifests generated from the partition plan (`pension deploy`).
        .target(
            name: "PensionDeploy",
            dependencies: ["PensionDomain"],
            swiftSettings: strict
        ),
        .target(
            name: "PensionSimulation",
            dependencies: ["PensionDomain"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "PensionCLI",
            dependencies: [
                "CJemalloc",
                "CRDKafka",
                "Kafka",
                "PensionDomain",
                "PensionStore",
                "PensionPostgres",
                "PensionSimulation",
                "PensionWorkers",
                "PensionCertificates",
                "CCertificateBaseline",
                "PensionPayouts",
                "PensionOperations",
                "PensionMetrics",
                "PensionHTTP",
                "PensionDeploy",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "KafkaTests", dependencies: ["Kafka"], swiftSettings: strict),
        .testTarget(name: "PensionDomainTests", dependencies: ["PensionDomain"], swiftSettings: strict),
        .testTarget(
            name: "PensionStoreTests",
            dependencies: [
                "PensionStore", "PensionPostgres", "PensionTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "PensionSimulationTests", dependencies: ["PensionSimulation"], swiftSettings: strict),
        .testTarget(
            name: "PensionWorkersTests",
            dependencies: [
                "PensionPostgres", "PensionTestSupport",
                "PensionWorkers", "PensionDomain", "PensionStore", "Kafka",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PensionCertificatesTests",
            dependencies: [
                "PensionPostgres", "PensionTestSupport",
                "PensionCertificates", "PensionDomain", "PensionStore", "PensionWorkers",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PensionPayoutsTests",
            dependencies: [
                "PensionPostgres", "PensionTestSupport",
                "PensionPayouts", "PensionDomain", "PensionStore", "PensionWorkers", "PensionSimulation", "Kafka",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PensionMetricsTests",
            dependencies: [
                "PensionPostgres", "PensionTestSupport", "PensionMetrics", "PensionDomain", "PensionStore", "Kafka",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PensionOperationsTests",
            dependencies: [
                "PensionPostgres", "PensionTestSupport",
                "PensionOperations", "PensionDomain", "PensionStore", "Kafka",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "DeployTests",
            dependencies: ["PensionDeploy", "PensionDomain", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "PensionPostgres", "PensionTestSupport",
                "Kafka", "PensionDomain", "PensionStore", "PensionWorkers", "PensionSimulation", "PensionCertificates",
                "PensionPayouts", "PensionOperations", "PensionMetrics", "PensionHTTP",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
