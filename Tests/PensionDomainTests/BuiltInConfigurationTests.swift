import Foundation
import PensionDomain
import Testing

/// The configuration built into the binary is `config/` as it is in the repository (run scripts/embed-config.sh
/// after changing a file there), and it loads.
@Suite struct BuiltInConfigurationTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("config")

    @Test func equalsTheRepositoryConfiguration() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { $0.hasSuffix(".json") }
        #expect(Set(BuiltInConfiguration.files.keys) == Set(names))
        for name in names {
            let file = try String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8)
            #expect(BuiltInConfiguration.files[name].map { $0 + "\n" } == file, "\(name) differs: run scripts/embed-config.sh")
        }
    }

    @Test func loads() throws {
        func data(_ name: String) throws -> Data { Data(try #require(BuiltInConfiguration.files[name]).utf8) }
        let townships = try TownshipCatalog(decoding: data("townships.json"))
        let plan = try PartitionPlan(decoding: data("partition-plan.json"), townships: townships)
        let topics = try TopicCatalog(decoding: data("topics.json"))
        try topics.checkPartitions(matching: plan)
        #expect(townships.townships.count == 45)
    }
}
