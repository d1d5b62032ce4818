import Foundation

/// Reading and decoding configuration files with errors that name the file and the problem.
enum ConfigFile {
    /// The contents of `url`.
    static func read(_ url: URL, source: String) throws(ConfigurationError) -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw ConfigurationError(source: source, problem: "cannot read \(url.path): \(error.localizedDescription)")
        }
    }

    /// `data` decoded as JSON into `T`.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data, source: String) throws(ConfigurationError) -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw ConfigurationError(source: source, problem: describe(error, data: data))
        } catch {
            throw ConfigurationError(source: source, problem: "cannot decode: \(error)")
        }
    }

    private static func describe(_ error: DecodingError, data: Data) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            "missing field \(CodingPath.string(context.codingPath + [key]))"
        case .typeMismatch(let type, let context):
            "wrong type at \(CodingPath.string(context.codingPath)): expected \(type)"
        case .valueNotFound(let type, let context):
            "null at \(CodingPath.string(context.codingPath)): expected \(type)"
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            // Foundation also reports a number that does not fit its Swift type this way, without a path.
            (try? JSONSerialization.jsonObject(with: data)) == nil
                ? "not valid JSON" : "a number does not fit its field, e.g. a fraction where an integer belongs"
        case .dataCorrupted(let context):
            "invalid value at \(CodingPath.string(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            "cannot decode: \(error)"
        }
    }
}
