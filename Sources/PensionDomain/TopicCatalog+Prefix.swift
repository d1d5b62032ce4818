import Foundation

extension TopicCatalog {
    /// The same topics with `pension.` replaced by `<prefix>.`, so a benchmark or test run has topics of its own.
    /// - Throws: an error if the renamed catalog does not validate.
    public func renamed(prefix: String) throws -> TopicCatalog {
        let data = try JSONEncoder().encode(["topics": topics])
        let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\"pension.", with: "\"\(prefix).")
        return try TopicCatalog(decoding: Data(text.utf8))
    }
}
