import Configuration
import Foundation
import PensionDomain
import SystemPackage

/// The configuration files a command reads: each from the configuration directory when it is there, else the copy
/// built into the binary (``BuiltInConfiguration``), so an installed binary needs no copy of `config/`.
struct ConfigFiles: Sendable {
    /// The configuration directory (`--config-dir`, default `config`).
    let directory: URL

    /// The file's path when the directory has it.
    func path(_ name: String) -> String? {
        let path = directory.appendingPathComponent(name).path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Where a file comes from, for messages: its path or `built-in`.
    func source(_ name: String) -> String { path(name) ?? "built-in \(name)" }

    /// The file's contents, from the directory or built in.
    /// - Throws: ``CLIError`` when neither has it.
    func data(_ name: String) throws -> Data {
        if let path = path(name) { return try Data(contentsOf: URL(fileURLWithPath: path)) }
        guard let text = BuiltInConfiguration.files[name] else {
            throw CLIError("no \(name) in \(directory.path), and none is built in")
        }
        return Data(text.utf8)
    }

    /// The settings file `pension.json` as a configuration provider: the file, or the built-in copy.
    /// - Throws: ``CLIError`` when the file has a setting the built-in copy (the list of settings) does not.
    func settings() async throws -> any ConfigProvider {
        guard let path = path("pension.json") else { return InMemoryProvider(name: "built-in pension.json", values: try Self.builtIn()) }
        let known = Set(try Self.builtIn().keys.map { $0.components.joined(separator: ".") })
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        try JSONDecoder().decode(JSON.self, from: try data("pension.json")).flatten(at: [], into: &values)
        if let unknown = values.keys.map({ $0.components.joined(separator: ".") }).filter({ !known.contains($0) }).sorted().first {
            throw CLIError("unknown setting \(unknown) in \(path); `pension config show` lists the settings")
        }
        return try await FileProvider<JSONSnapshot>(filePath: FilePath(path))
    }

    /// Every setting with its built-in value: the built-in `pension.json`.
    static func builtIn() throws -> [AbsoluteConfigKey: ConfigValue] {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        let text = BuiltInConfiguration.files["pension.json"] ?? "{}"
        try JSONDecoder().decode(JSON.self, from: Data(text.utf8)).flatten(at: [], into: &values)
        return values
    }
}

/// A JSON value, to turn the built-in settings into configuration keys: objects become key components; strings,
/// numbers, booleans and arrays of one of them become values.
enum JSON: Decodable {
    case object([String: JSON]), array([JSON]), string(String), int(Int), double(Double), bool(Bool), null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int.self) { self = .int(value) }
        else if let value = try? container.decode(Double.self) { self = .double(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSON].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSON].self)) }
    }

    func flatten(at key: [String], into values: inout [AbsoluteConfigKey: ConfigValue]) {
        func put(_ content: ConfigContent) { values[AbsoluteConfigKey(key)] = ConfigValue(content, isSecret: false) }
        switch self {
        case .object(let members): for (name, child) in members { child.flatten(at: key + [name], into: &values) }
        case .string(let text): put(.string(text))
        case .int(let number): put(.int(number))
        case .double(let number): put(.double(number))
        case .bool(let flag): put(.bool(flag))
        case .array(let items):
            let texts = items.compactMap { if case .string(let text) = $0 { text } else { nil } }
            let ints = items.compactMap { if case .int(let number) = $0 { number } else { nil } }
            if texts.count == items.count { put(.stringArray(texts)) } else if ints.count == items.count { put(.intArray(ints)) }
        case .null: break
        }
    }
}
