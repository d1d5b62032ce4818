import PensionDomain
import PensionStore

/// What an operator selects with `--stage`, `--reason`, `--township` and `--id`, checked against the topic catalog
/// and the store before anything is read or sent.
public struct DeadLetterSelection: Sendable {
    /// The reason codes workers write, from `docs/wire-format.md` ("Dead-letter error codes"); a store may hold
    /// others (a store refusal's own code), which are accepted too.
    public static let documentedReasons = [
        "malformed_json", "missing_field", "wrong_type", "invalid_value", "too_large", "unknown_schema_version",
        "unknown_event_type", "unknown_township", "store_rejected",
    ]

    /// The stage, if given.
    public var stage: String?
    /// The reason code, if given.
    public var reason: String?
    /// The township code, if given.
    public var township: String?
    /// Letter IDs, if given.
    public var ids: [String]

    /// - Parameters:
    ///   - stage: the stage.
    ///   - reason: the reason code.
    ///   - township: the township code.
    ///   - ids: letter IDs.
    public init(stage: String? = nil, reason: String? = nil, township: String? = nil, ids: [String] = []) {
        self.stage = stage
        self.reason = reason
        self.township = township
        self.ids = ids
    }

    /// The store filter, after checking the stage against the catalog's stages, the reason against the documented
    /// and recorded codes, and the IDs' form.
    /// - Throws: ``DeadLetterToolError`` naming the first problem.
    public func filter(topics: TopicCatalog, store: any DeadLetterStore) async throws -> DeadLetterFilter {
        if let stage, !topics.deadLetterStages.contains(stage) {
            throw DeadLetterToolError(
                "unknown stage \(stage); stages: \(topics.deadLetterStages.joined(separator: ", "))")
        }
        if let reason {
            let recorded = try await store.deadLetterCodes()
            guard Self.documentedReasons.contains(reason) || recorded.contains(reason) else {
                throw DeadLetterToolError(
                    "unknown reason \(reason); reasons: \(Set(Self.documentedReasons + recorded).sorted().joined(separator: ", "))")
            }
        }
        var letters: [SourcePosition]?
        if !ids.isEmpty {
            letters = try ids.map { id in
                guard let position = SourcePosition(letterID: id) else {
                    throw DeadLetterToolError("not a dead-letter ID: \(id) (expected topic:partition:offset)")
                }
                return position
            }
        }
        return DeadLetterFilter(stage: stage, errorCode: reason, townshipCode: township, letters: letters)
    }

    /// The letters selected; every `--id` given must name a recorded letter.
    /// - Throws: ``DeadLetterToolError`` for a bad selection or an unknown ID, or a store error.
    public func letters(topics: TopicCatalog, store: any DeadLetterStore) async throws -> [StoredDeadLetter] {
        let filter = try await filter(topics: topics, store: store)
        let letters = try await store.deadLetters(matching: filter)
        if let wanted = filter.letters {
            let ids = Set(try await store.deadLetters(matching: DeadLetterFilter(letters: wanted)).map(\.id))
            if let unknown = wanted.first(where: { !ids.contains($0.letterID) }) {
                throw DeadLetterToolError("no dead letter \(unknown.letterID)")
            }
        }
        return letters
    }
}
