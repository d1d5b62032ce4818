import Foundation

extension CodingUserInfoKey {
    /// The JSON paths of numbers that are not integers fitting in 64 bits, from ``WireScanner``: a `Set<[String]>` of
    /// paths as steps, a key as `.name` and an array index as `[n]`.
    static let inexactNumbers = CodingUserInfoKey(rawValue: "pension.wire.inexactNumbers")!
}

extension KeyedDecodingContainer {
    /// Decodes an `Int`, reporting a number with a fraction or exponent (`100.0`, `1e2`) or one that does not fit
    /// in 64 bits as `dataCorrupted` at `key`.
    ///
    /// Foundation's JSON decoder otherwise reads `100.0` and `1e2` as 100 and reports a number that does not fit
    /// without a coding path. The numbers come from the decoder's `userInfo` (``CodingUserInfoKey/inexactNumbers``);
    /// without them, only what Foundation rejects is reported.
    func decodeInteger(forKey key: Key) throws -> Int {
        let notAnInteger = DecodingError.dataCorruptedError(
            forKey: key,
            in: self,
            debugDescription: SafeDecodingMessage.notAnInteger
        )
        if let inexact = try? superDecoder(forKey: key).userInfo[.inexactNumbers] as? Set<[String]>,
            inexact.contains((codingPath + [key]).map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue })
        {
            throw notAnInteger
        }
        do {
            return try decode(Int.self, forKey: key)
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
                throw notAnInteger
            }
            throw error
        } catch {
            throw notAnInteger
        }
    }
}
