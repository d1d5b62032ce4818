extension TopicCatalog {
    /// The stages that park messages in a dead-letter topic, in file order, each once.
    public var deadLetterStages: [String] {
        var seen: Set<String> = []
        return topics.compactMap { $0.deadLetter != nil && seen.insert($0.stage).inserted ? $0.stage : nil }
    }

    /// The dead-letter topic of a stage: the `deadLetter` of its first topic that has one, or `nil` for a stage
    /// without one. A stage that reads another stage's topic (eligibility reads the ID-verification results) parks
    /// in its own, which the topic of its own events names.
    ///
    /// - Parameter stage: a stage name such as `registration`.
    public func deadLetterTopic(ofStage stage: String) -> String? {
        topics.first { $0.stage == stage && $0.deadLetter != nil }?.deadLetter
    }
}
