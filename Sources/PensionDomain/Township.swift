/// A town (镇) or township (乡) of the county.
public struct Township: Sendable, Hashable, Codable {
    /// Whether the division is a town or a township.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A town, 镇.
        case town
        /// A township, 乡.
        case township
    }

    /// The 9-digit division code: the county's 6 digits and 3 more, e.g. `510623100`.
    public let code: String
    /// The Chinese name with its suffix, e.g. `凯江镇`.
    public let name: String
    /// Town or township.
    public let kind: Kind

    /// Creates a township.
    ///
    /// - Parameters:
    ///   - code: the 9-digit division code.
    ///   - name: the Chinese name with its suffix.
    ///   - kind: town or township.
    public init(code: String, name: String, kind: Kind) {
        self.code = code
        self.name = name
        self.kind = kind
    }
}
