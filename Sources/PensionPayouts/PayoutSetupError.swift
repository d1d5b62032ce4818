/// The configuration does not give a payout-side stage or command what it needs.
public struct PayoutSetupError: Error, CustomStringConvertible {
    /// What is missing.
    public let description: String

    /// - Parameter description: what is missing.
    public init(_ description: String) { self.description = description }
}
