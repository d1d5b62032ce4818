import Foundation

/// The county's towns and townships, loaded from `config/townships.json`.
public struct TownshipCatalog: Sendable {
    /// The county's 6-digit division code, e.g. `510623`.
    public let countyCode: String
    /// The county's Chinese name, e.g. `中江县`.
    public let countyName: String
    /// All towns and townships, sorted by code.
    public let townships: [Township]

    private let byCode: [String: Township]

    /// Loads and validates a catalog file.
    ///
    /// - Parameter url: the JSON file, shaped like `config/townships.json`.
    /// - Throws: ``ConfigurationError`` naming the problem.
    public static func load(from url: URL) throws -> TownshipCatalog {
        try TownshipCatalog(decoding: ConfigFile.read(url, source: source))
    }

    /// Decodes and validates a catalog.
    ///
    /// Every township code must be 9 digits starting with the county code, and codes and names must be unique.
    /// - Parameter data: JSON `{"county": {"code", "name"}, "townships": [{"code", "name", "kind"}]}`.
    /// - Throws: ``ConfigurationError`` naming the problem.
    public init(decoding data: Data) throws {
        let file = try ConfigFile.decode(File.self, from: data, source: Self.source)
        guard Digits.isDigits(file.county.code, count: 6) else {
            throw Self.error("county code \(file.county.code) is not 6 digits")
        }
        guard !file.townships.isEmpty else {
            throw Self.error("no townships are listed")
        }
        var byCode: [String: Township] = [:]
        var names: Set<String> = []
        for township in file.townships {
            guard Digits.isDigits(township.code, count: 9), township.code.hasPrefix(file.county.code) else {
                throw Self.error("township code \(township.code) is not 9 digits starting with \(file.county.code)")
            }
            guard !township.name.isEmpty else {
                throw Self.error("township \(township.code) has an empty name")
            }
            guard byCode.updateValue(township, forKey: township.code) == nil else {
                throw Self.error("township code \(township.code) is listed twice")
            }
            guard names.insert(township.name).inserted else {
                throw Self.error("township name \(township.name) is listed twice")
            }
        }
        countyCode = file.county.code
        countyName = file.county.name
        townships = file.townships.sorted { $0.code < $1.code }
        self.byCode = byCode
    }

    /// The township with this 9-digit code, if the county has one: `catalog["510623100"]`.
    ///
    /// - Parameter code: a 9-digit division code.
    public subscript(code: String) -> Township? {
        byCode[code]
    }

    /// The township with this 9-digit code, if the county has one: `catalog[code: "510623100"]`.
    ///
    /// - Parameter code: a 9-digit division code.
    public subscript(code code: String) -> Township? {
        byCode[code]
    }

    private static let source = "townships"

    private static func error(_ problem: String) -> ConfigurationError {
        ConfigurationError(source: source, problem: problem)
    }

    private struct File: Decodable {
        struct County: Decodable {
            let code: String
            let name: String
        }

        let county: County
        let townships: [Township]
    }
}
