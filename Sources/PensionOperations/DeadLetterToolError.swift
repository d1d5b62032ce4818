/// A problem with what an operator asked of the dead-letter tools, described in one plain line.
public struct DeadLetterToolError: Error, CustomStringConvertible, Sendable {
    /// The line.
    public let description: String

    /// - Parameter description: the line.
    public init(_ description: String) { self.description = description }
}
