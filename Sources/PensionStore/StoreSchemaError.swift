/// The store file was written by a newer version of this program: its schema has migrations this one does not
/// know, so writing to it could damage it.
public struct StoreSchemaError: ClassifiedError, CustomStringConvertible {
    /// The path of the store file.
    public let path: String

    public var description: String {
        "the store at \(path) has a newer schema than this program knows; run a newer version"
    }

    public var failureKind: FailureKind { .fatal }
}
