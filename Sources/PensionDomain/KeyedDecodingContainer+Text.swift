extension KeyedDecodingContainer {
    /// Decodes a string of at most `limit`, reporting a longer one as `dataCorrupted` at `key`.
    func decodeText(forKey key: Key, limit: WireTextLimit) throws -> String {
        let text = try decode(String.self, forKey: key)
        guard limit.allows(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: limit.message)
        }
        return text
    }

    /// Decodes an optional string of at most `limit`, reporting a longer one as `dataCorrupted` at `key`.
    func decodeTextIfPresent(forKey key: Key, limit: WireTextLimit) throws -> String? {
        guard let text = try decodeIfPresent(String.self, forKey: key) else { return nil }
        guard limit.allows(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: limit.message)
        }
        return text
    }
}
