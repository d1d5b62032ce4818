import PensionDomain

/// A stage as it is deployed: one `pension worker NAME`, its consumer group and the topic its lag is measured on.
public struct WorkerStage: Sendable, Hashable {
    /// The stage's name, as `pension worker` takes it, e.g. `id-verification`.
    public let name: String
    /// The event type of the stage's input topic; `nil` for a stage that reads every topic (metrics), whose first
    /// topic in the catalog is its input, as `MetricsHandler.inputTopic` has it.
    public let inputEvent: String?

    /// The consumer group the stage's workers share: `pension-<stage>`.
    public var group: String { "pension-\(name)" }

    /// The topic the stage consumes (for the metrics stage the first of the topics it reads), or `nil` when the
    /// catalog has none for its input event.
    ///
    /// - Parameter topics: the topic catalog.
    public func inputTopic(in topics: TopicCatalog) -> TopicSpec? {
        guard let inputEvent else { return topics.topics.first }
        return topics.topic(forEvent: inputEvent)
    }

    /// Every stage `pension worker` runs, in pipeline order.
    public static let all: [WorkerStage] = [
        WorkerStage(name: "registration", inputEvent: RegistrationSubmitted.eventType),
        WorkerStage(name: "id-verification", inputEvent: IDVerificationRequested.eventType),
        WorkerStage(name: "eligibility", inputEvent: IDVerified.eventType),
        WorkerStage(name: "payout", inputEvent: PayoutRequested.eventType),
        WorkerStage(name: "certificate", inputEvent: CertificatePrintRequested.eventType),
        WorkerStage(name: "metrics", inputEvent: nil),
    ]

    /// The stage with this name, if `pension worker` has it.
    ///
    /// - Parameter name: a stage name such as `payout`.
    public static func named(_ name: String) -> WorkerStage? {
        all.first { $0.name == name }
    }
}
