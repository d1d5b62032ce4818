/// The store file was written by a newer version of this program: its schema has migrations this one does not
/// know, so writing to it could damage it.
public struct StoreSchemaError: ClassifiedError, CustomStringConvertible {
    /// The path of the store file.
    public let path: String

    /// - Parameter path: the store's file, or a database URL without its password.
    public init(path: String) { self.path = path }

    public var description: String {
        "the store at \(path) has a newer schema than this program knows; run a newer version"
    }

    public var failureKind: FailureKind { .fatal }
}
