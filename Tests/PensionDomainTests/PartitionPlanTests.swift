import Foundation
import PensionDomain
import Testing

@Suite struct PartitionPlanTests {
    @Test func loadsTheCountyPlan() throws {
        let plan = try Fixtures.plan()
        let catalog = try Fixtures.townships()
        #expect(plan.partitionCount == 48)
        #expect(plan.partitions(of: "510623100") == [0, 1, 2, 3])
        var expectedNext: Int32 = 4
        for township in catalog.townships where township.code != "510623100" {
            #expect(plan.partitions(of: township.code) == [expectedNext])
            expectedNext += 1
        }
        #expect(expectedNext == 48)
        for partition in Int32(0)..<48 {
            let owner = try #require(plan.township(ofPartition: partition))
            #expect(plan.partitions(of: owner)?.contains(partition) == true)
        }
        #expect(plan.township(ofPartition: 48) == nil)
        #expect(plan.partitions(of: "510623999") == nil)
    }

    @Test func spreadsTheCountySeatOverItsPartitions() throws {
        let plan = try Fixtures.plan()
        var counts: [Int32: Int] = [:]
        for id in Fixtures.residentIDs(count: 1000) {
            counts[try plan.partition(townshipCode: "510623100", key: id), default: 0] += 1
        }
        #expect(Set(counts.keys) == [0, 1, 2, 3])
        #expect(counts.values.allSatisfy { $0 > 150 }, "\(counts)")
    }

    @Test func usesTheDocumentedFormula() throws {
        let plan = try Fixtures.plan()
        for id in Fixtures.residentIDs(count: 50) {
            let index = Int(PartitionPlan.fnv1a32(Array(id.utf8)) % 4)
            #expect(try plan.partition(townshipCode: "510623100", key: id) == [0, 1, 2, 3][index])
            #expect(try plan.partition(townshipCode: "510623221", key: id) == 47)
        }
    }

    @Test func unknownTownshipThrows() throws {
        let plan = try Fixtures.plan()
        let error = #expect(throws: PartitionPlanError.self) {
            try plan.partition(townshipCode: "510623999", key: "11010519491231002X")
        }
        #expect(error?.reason == .unknownTownship)
        #expect(error?.townshipCode == "510623999")
    }

    @Test(arguments: [("", 0x811c_9dc5), ("a", 0xe40c_292c), ("foobar", 0xbf9c_f968)] as [(String, UInt32)])
    func fnv1a32TestVectors(input: String, expected: UInt32) {
        #expect(PartitionPlan.fnv1a32(input.utf8) == expected)
    }

    @Test(arguments: [
        (#""510623100": [0, 1, 2, 3, 4]"#, "partition 4 is owned by both"),
        (#""510623100": [0, 1, 2]"#, "partition 3 is owned by no township"),
        (#""510623100": [0, 1, 2, 3], "510623999": [48]"#, "510623999 is not in the township catalog"),
        (#""510623100": [3, 2, 1, 0]"#, "ascending"),
        (#""510623100": [0, 1, 2, 3, 48]"#, "outside 0..<48"),
        (#""510623100": []"#, "owns no partitions"),
    ])
    func rejectsInvalidPlans(countySeat: String, problem: String) throws {
        let catalog = try Fixtures.townships()
        let others = catalog.townships.dropFirst().enumerated().map { #""\#($1.code)": [\#($0 + 4)]"# }
        let townships = ([countySeat] + others).joined(separator: ", ")
        let json = #"{"partitions": 48, "hash": "fnv1a32", "townships": {"# + townships + "}}"
        let error = #expect(throws: ConfigurationError.self) {
            try PartitionPlan(decoding: Data(json.utf8), townships: catalog)
        }
        #expect(error?.problem.contains(problem) == true, "\(String(describing: error))")
    }

    @Test func rejectsMissingTownshipAndUnknownHash() throws {
        let catalog = try Fixtures.townships()
        let missing = #"{"partitions": 4, "hash": "fnv1a32", "townships": {"510623100": [0, 1, 2, 3]}}"#
        let error = #expect(throws: ConfigurationError.self) {
            try PartitionPlan(decoding: Data(missing.utf8), townships: catalog)
        }
        #expect(error?.problem.contains("510623101 南华镇 has no partitions") == true)
        let murmur = #"{"partitions": 4, "hash": "murmur2", "townships": {}}"#
        let hashError = #expect(throws: ConfigurationError.self) {
            try PartitionPlan(decoding: Data(murmur.utf8), townships: catalog)
        }
        #expect(hashError?.problem.contains("murmur2") == true)
        let fraction = #"{"partitions": 4.5, "hash": "fnv1a32", "townships": {}}"#
        let fractionError = #expect(throws: ConfigurationError.self) {
            try PartitionPlan(decoding: Data(fraction.utf8), townships: catalog)
        }
        #expect(fractionError?.problem.contains("does not fit") == true)
    }
}
