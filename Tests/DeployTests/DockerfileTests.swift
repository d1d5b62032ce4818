import Foundation
import Testing

/// A lint of the Dockerfile in the spirit of hadolint's rules that matter here (hadolint is not installable).
@Suite struct DockerfileTests {
    struct Instruction {
        let keyword: String
        let arguments: String
    }

    /// The instructions, continuation lines joined, comments dropped.
    static func instructions() throws -> [Instruction] {
        var joined: [String] = []
        var current = ""
        for line in try Repository.text("Dockerfile").split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if current.isEmpty && (trimmed.hasPrefix("#") || trimmed.isEmpty) { continue }
            if trimmed.hasPrefix("#") { continue }
            if trimmed.hasSuffix("\\") {
                current += trimmed.dropLast() + " "
            } else {
                joined.append(current + trimmed)
                current = ""
            }
        }
        return joined.map { line in
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            return Instruction(keyword: parts[0].uppercased(), arguments: parts.count > 1 ? parts[1] : "")
        }
    }

    /// The instructions of the last stage.
    static func finalStage() throws -> [Instruction] {
        let all = try instructions()
        let last = try #require(all.lastIndex { $0.keyword == "FROM" })
        return Array(all[last...])
    }

    @Test func isMultiStageWithPinnedImages() throws {
        let froms = try Self.instructions().filter { $0.keyword == "FROM" }
        #expect(froms.count >= 2, "the Dockerfile is not multi-stage")
        var stages: Set<String> = []
        for from in froms {
            let words = from.arguments.split(separator: " ").map(String.init)
            let image = try #require(words.first)
            if let alias = words.firstIndex(where: { $0.uppercased() == "AS" }).map({ words[$0 + 1] }) { stages.insert(alias.lowercased()) }
            let tag = image.split(separator: ":").dropFirst().last.map(String.init) ?? ""
            #expect(!tag.isEmpty, "\(image) has no tag")
            #expect(tag != "latest", "\(image) is not pinned")
            let versioned = tag.contains(where: \.isNumber)
            #expect(versioned, "\(image) has no version in its tag")
        }
        #expect(stages.count == froms.count - 1)
    }

    @Test func finalStageRunsAsANonRootUserWithAHealthCheck() throws {
        let final = try Self.finalStage()
        let user = try #require(final.last { $0.keyword == "USER" }, "the final stage has no USER")
        let name = user.arguments.split(separator: ":").first.map(String.init) ?? ""
        #expect(!["root", "0", ""].contains(name), "the final stage runs as \(user.arguments)")
        let health = try #require(final.first { $0.keyword == "HEALTHCHECK" }, "no HEALTHCHECK")
        #expect(health.arguments.contains("/health"))
        #expect(health.arguments.contains("METRICS_WORKER_PORT"))
        #expect(!final.contains { $0.keyword == "COPY" && $0.arguments.contains("config") }, "the image needs no copy of config/")
        let environment = final.filter { $0.keyword == "ENV" }.map(\.arguments).joined(separator: " ")
        #expect(environment.contains("HTTP_HOST=0.0.0.0"))
    }

    @Test func buildsLibrdkafkaWithTheSetupScript() throws {
        let runs = try Self.instructions().filter { $0.keyword == "RUN" }.map(\.arguments)
        #expect(runs.contains { $0.contains("librdkafka.sh") })
        #expect(try Repository.text("scripts/setup.sh").contains("scripts/librdkafka.sh"))
        #expect(runs.contains { $0.contains("swift build -c release") && $0.contains("--product pension") })
    }

    @Test func carriesNoSecrets() throws {
        let secretWords = ["password", "passwd", "secret", "token", "apikey", "api_key", "private_key"]
        for instruction in try Self.instructions() where ["ENV", "ARG", "LABEL"].contains(instruction.keyword) {
            let text = instruction.arguments.lowercased()
            for word in secretWords {
                #expect(!text.contains(word), "\(instruction.keyword) \(instruction.arguments) names a secret")
            }
        }
        let ignored = try Repository.text(".dockerignore").split(separator: "\n").map(String.init)
        for entry in [".build", ".venv", "var", ".git"] {
            #expect(ignored.contains(entry), ".dockerignore lacks \(entry)")
        }
    }
}
