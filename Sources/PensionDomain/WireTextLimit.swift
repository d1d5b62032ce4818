/// The longest text a known string field may hold: a number of characters (extended grapheme clusters, as
/// `String.count` counts them) and at most four bytes of UTF-8 per allowed character.
public struct WireTextLimit: Sendable, Hashable {
    /// The most characters.
    public let characters: Int

    /// The most UTF-8 bytes: four per allowed character.
    public var bytes: Int { characters * 4 }

    /// Creates a limit.
    ///
    /// - Parameter characters: the most characters allowed.
    public init(characters: Int) {
        self.characters = characters
    }

    /// Whether `text` is within the limit.
    ///
    /// - Parameter text: the decoded text.
    /// - Returns: `true` when it has at most ``characters`` characters and ``bytes`` bytes of UTF-8.
    public func allows(_ text: String) -> Bool {
        let count = text.utf8.count
        // A character has at least one byte, so only longer text needs counting.
        return count <= characters || (count <= bytes && text.count <= characters)
    }

    /// Whether the UTF-8 text in `utf8` is within the limit; as ``allows(_:)`` for the same text.
    func allows(utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        utf8.count <= characters || (utf8.count <= bytes && String(decoding: utf8, as: UTF8.self).count <= characters)
    }

    /// The error message for text over the limit; it never contains the text.
    var message: String {
        "must be at most \(characters) characters and \(bytes) bytes of UTF-8"
    }
}
