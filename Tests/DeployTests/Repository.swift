import Foundation
import PensionDomain
import Testing
import Yams

/// The repository's files and the tools the deployment checks run; a missing tool fails the test that needs it.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    static func text(_ path: String) throws -> String { try String(contentsOf: url(path), encoding: .utf8) }

    static func topics() throws -> TopicCatalog { try TopicCatalog.load(from: url("config/topics.json")) }

    static func townships() throws -> TownshipCatalog { try TownshipCatalog.load(from: url("config/townships.json")) }

    static func plan() throws -> PartitionPlan {
        try PartitionPlan.load(from: url("config/partition-plan.json"), townships: townships())
    }

    /// `worker.shutdownTimeoutMs` of `config/pension.json`.
    static func shutdownTimeoutMs() throws -> Int {
        let settings = try JSONSerialization.jsonObject(with: Data(contentsOf: url("config/pension.json")))
        let worker = try #require((settings as? [String: Any])?["worker"] as? [String: Any])
        return try #require(worker["shutdownTimeoutMs"] as? Int)
    }

    /// Every YAML document of a file, as mappings.
    static func documents(_ text: String) throws -> [[String: Any]] {
        try Yams.load_all(yaml: text).compactMap { $0 as? [String: Any] }
    }

    /// Every quoted string literal `"name"` in `Sources/`, to check that a metric name an alert uses is one the
    /// code emits.
    static func sourceText() throws -> String {
        let sources = url("Sources")
        var text = ""
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            guard file.pathExtension == "swift", !file.lastPathComponent.hasPrefix("BuiltInConfiguration") else { continue }
            text += try String(contentsOf: file, encoding: .utf8)
        }
        return text
    }

    /// The metric names (`pension_…`, `kafka_…`) a PromQL expression uses, without histogram suffixes.
    static func metricNames(in expression: String) -> Set<String> {
        let pattern = try! NSRegularExpression(pattern: "\\b(pension|kafka)_[a-z_]+\\b")
        let range = NSRange(expression.startIndex..., in: expression)
        return Set(pattern.matches(in: expression, range: range).compactMap { match in
            Range(match.range, in: expression).map { String(expression[$0]) }
        }.map { name in
            for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) && name.contains("_seconds") {
                return String(name.dropLast(suffix.count))
            }
            return name
        })
    }
}

/// A process's exit status and output.
struct ToolRun {
    let status: Int32
    let output: String
    let errors: String
}

enum Tool {
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    /// `docker-compose` on the PATH; `scripts/setup.sh` installs it (Debian's docker-compose 1.29).
    static func dockerCompose() throws -> URL {
        try onPath("docker-compose")
    }

    /// `.venv/bin/kubernetes-validate`; `scripts/setup.sh` installs it.
    static func kubernetesValidate() throws -> URL {
        let url = Repository.url(".venv/bin/kubernetes-validate")
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw Missing(description: "\(url.path) is missing: run scripts/setup.sh (pip installs kubernetes-validate into .venv)")
        }
        return url
    }

    /// The `pension` executable next to the test bundle (`swift build --build-tests` builds both).
    static func pension() throws -> URL {
        let url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("pension")
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw Missing(description: "\(url.path) is missing: run `swift build --build-tests` first")
        }
        return url
    }

    static func onPath(_ name: String) throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let url = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw Missing(description: "\(name) is not installed: run scripts/setup.sh (apt-get install \(name))")
    }

    /// Runs `executable` with `arguments` in `directory` and waits for it; standard error goes through a file, so
    /// neither stream can fill a pipe and block the process.
    static func run(_ executable: URL, _ arguments: [String], in directory: URL = Repository.root) throws -> ToolRun {
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("deploy-tests-\(UUID().uuidString).err")
        guard FileManager.default.createFile(atPath: errorFile.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorFile)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outputData = try output.fileHandleForReading.readToEnd() ?? Data()
        process.waitUntilExit()
        return ToolRun(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            errors: try String(contentsOf: errorFile, encoding: .utf8))
    }

    /// A temporary directory of its own.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("deploy-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
