extension KeyedDecodingContainer {
    /// Decodes an `Int`, reporting a fractional or too large number as `dataCorrupted` at `key`.
    ///
    /// Foundation's JSON decoder otherwise reports such a number as invalid JSON without a coding path.
    func decodeInteger(forKey key: Key) throws -> Int {
        do {
            return try decode(Int.self, forKey: key)
        } catch let error as DecodingError {
            throw error
        } catch {
            throw DecodingError.dataCorruptedError(
                forKey: key,
                in: self,
                debugDescription: SafeDecodingMessage.notAnInteger
            )
        }
    }
}
