import Foundation
import PensionDeploy
import Testing

/// The stages `pension worker` has, read from the built binary's help, so a stage added in code and missing from
/// the deployment files fails these tests.
enum StageList {
    static func fromBinary() throws -> [String] {
        let run = try Tool.run(try Tool.pension(), ["worker", "--help"])
        try #require(run.status == 0, "pension worker --help: \(run.errors)")
        let lines = run.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex(of: "SUBCOMMANDS:"), "no SUBCOMMANDS in: \(run.output)")
        let pattern = try NSRegularExpression(pattern: "^  ([a-z][a-z0-9-]*)(\\s|$)")
        return lines[(start + 1)...].compactMap { line in
            let range = NSRange(line.startIndex..., in: line)
            guard let match = pattern.firstMatch(in: line, range: range), let name = Range(match.range(at: 1), in: line)
            else { return nil }
            return String(line[name])
        }
    }
}

@Suite struct StageListTests {
    @Test func deployKnowsEveryWorkerStage() throws {
        let stages = try StageList.fromBinary()
        #expect(stages.count >= 6)
        #expect(Set(stages) == Set(WorkerStage.all.map(\.name)))
        let topics = try Repository.topics()
        for stage in WorkerStage.all {
            #expect(stage.inputTopic(in: topics) != nil, "\(stage.name) has no input topic in config/topics.json")
        }
    }
}
