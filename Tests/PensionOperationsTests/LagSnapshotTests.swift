import Foundation
import PensionOperations
import Testing

@Suite struct LagSnapshotTests {
    let snapshot = LagSnapshot(takenAt: Date(timeIntervalSince1970: 1_322_000_000), windowSamples: 10, groups: [
        GroupLag(group: "pension-registration", state: "Stable", members: 1, mode: .elastic, pinnedTownships: [], partitions: [
            PartitionLag(group: "pension-registration", topic: "t", partition: 0, township: "A", logStart: 0, logEnd: 10,
                         committed: 4, timeLagSeconds: 30, owned: true, status: .warning),
            PartitionLag(group: "pension-registration", topic: "t", partition: 1, township: "A", logStart: 0, logEnd: 5,
                         committed: 5, owned: true),
            PartitionLag(group: "pension-registration", topic: "t", partition: 2, township: "B", logStart: 0, logEnd: 3,
                         committed: nil, timeLagSeconds: 90, owned: true),
        ]),
    ])

    @Test func rollsUpPerTownship() {
        let byTownship = Dictionary(uniqueKeysWithValues: snapshot.byTownship.map { ($0.township, $0) })
        #expect(byTownship["A"]?.lag == 6)
        #expect(byTownship["A"]?.status == .warning)
        #expect(byTownship["A"]?.timeLagSeconds == 30)
        #expect(byTownship["B"]?.lag == 3)
        #expect(snapshot.totalLag == 9)
        #expect(snapshot.groups.first?.status == .warning)
    }

    @Test func jsonCarriesTheComputedFigures() throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let json = try #require(try JSONSerialization.jsonObject(with: encoder.encode(snapshot)) as? [String: Any])
        #expect(json["totalLag"] as? Int == 9)
        let group = try #require((json["groups"] as? [[String: Any]])?.first)
        #expect(group["lag"] as? Int == 9)
        #expect(group["timeLagSeconds"] as? Double == 90)
        let partitions = try #require(group["partitions"] as? [[String: Any]])
        #expect(partitions.map { $0["lag"] as? Int } == [6, 0, 3])
        #expect(partitions[2]["position"] as? Int == 0)
        #expect((json["byTownship"] as? [[String: Any]])?.count == 2)
    }

    @Test func tableShowsGroupsAndTownshipsWithMessages() {
        let lines = LagTable.lines(snapshot, townshipName: { $0 == "A" ? "凯江镇" : nil }, partitions: true, groupPrefix: "pension-")
        #expect(lines.contains { $0.hasPrefix("pension-registration") && $0.contains("WARN") && $0.hasSuffix("90 s") })
        #expect(lines.contains { $0.hasPrefix("A") && $0.contains("凯江镇") && $0.contains("6*") })
        #expect(lines.contains { $0.hasPrefix("B") && $0.hasSuffix("3") })
        #expect(lines.filter { $0.hasPrefix("pension-registration t") }.count == 3, "one line per partition")
    }
}
