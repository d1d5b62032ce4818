/// A partition could not be chosen for an event.
public struct PartitionPlanError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why no partition could be chosen.
    public enum Reason: String, Sendable, Hashable {
        /// The township code is not in the plan.
        case unknownTownship = "unknown_township"
    }

    /// Why no partition could be chosen.
    public let reason: Reason
    /// The township code that was asked for (a division code, not personal data).
    public let townshipCode: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - reason: why no partition could be chosen.
    ///   - townshipCode: the township code that was asked for.
    public init(_ reason: Reason, townshipCode: String) {
        self.reason = reason
        self.townshipCode = townshipCode
    }

    /// For example `partition plan: unknown_township 510623999`.
    public var description: String {
        "partition plan: \(reason.rawValue) \(townshipCode)"
    }
}
