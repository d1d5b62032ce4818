import ArgumentParser
import PensionDeploy

struct DeployCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Generate deployment manifests from the configuration.",
        subcommands: [K8sPinned.self]
    )

    struct K8sPinned: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "k8s-pinned",
            abstract: "Print one Kubernetes Deployment per township running `pension worker STAGE --township CODE`.",
            discussion: """
                Each Deployment reads exactly the partitions the partition plan gives its township and uses the \
                ConfigMap and store Secret of deploy/k8s. Pinned and elastic workers of a stage exclude each other \
                (one mode per consumer group): a pinned worker refuses to start while the stage's group has elastic \
                members. First pause the stage's KEDA ScaledObject and scale its elastic Deployment to 0 \
                (docs/production.md, "Scaling a township"), then apply these.
                """
        )
        @OptionGroup var options: GlobalOptions
        @Option(help: "The stage: \(WorkerStage.all.map(\.name).joined(separator: ", ")).")
        var stage: String
        @Option(name: .customLong("township"), help: "A township code (repeatable). Default: every township.")
        var townships: [String] = []
        @Option(help: "The container image.")
        var image = "pension:\(Pension.version)"
        @Option(help: "The namespace.")
        var namespace = "pension"

        func run() async throws {
            var options = options
            options.logLevel = options.logLevel ?? "error"
            let context = try await options.load("pension.deploy")
            guard let stage = WorkerStage.named(stage) else {
                throw CLIError("unknown stage \(stage); one of \(WorkerStage.all.map(\.name).joined(separator: ", "))")
            }
            var settings = PinnedDeployments.Settings(image: image)
            settings.namespace = namespace
            do {
                let generator = try PinnedDeployments(
                    stage: stage, plan: context.plan, townships: context.townships, settings: settings)
                print(try generator.yaml(townships: townships), terminator: "")
            } catch let error as DeployError {
                throw CLIError(error.description)
            }
        }
    }
}
