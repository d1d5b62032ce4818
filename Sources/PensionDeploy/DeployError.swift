/// A request `pension deploy` cannot turn into manifests; the description says which value and why.
public struct DeployError: Error, CustomStringConvertible, Equatable {
    /// What is wrong, in one line.
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
