/// A configuration file could not be read, parsed or validated.
///
/// Configuration files hold no personal data, so the problem may quote codes and names from the file.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which configuration was being loaded, such as `townships` or `partition plan`.
    public let source: String
    /// What is wrong, in English.
    public let problem: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - source: which configuration was being loaded.
    ///   - problem: what is wrong.
    public init(source: String, problem: String) {
        self.source = source
        self.problem = problem
    }

    /// For example `partition plan: partition 7 is owned by both 510623104 and 510623105`.
    public var description: String {
        "\(source): \(problem)"
    }
}
