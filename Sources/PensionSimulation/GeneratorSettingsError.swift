/// ``GeneratorSettings`` that cannot be generated.
public struct GeneratorSettingsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, in English.
    public let problem: String

    /// Creates an error.
    ///
    /// - Parameter problem: what is wrong.
    public init(_ problem: String) {
        self.problem = problem
    }

    /// For example `generator settings: residentsPerTownship must be 0...100000`.
    public var description: String {
        "generator settings: \(problem)"
    }
}
