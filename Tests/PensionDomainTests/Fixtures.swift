import Foundation
import Testing
import PensionDomain

/// Paths to the repository's configuration files and generators of test data.
enum Fixtures {
    static func configURL(_ file: String) -> URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("config")
            .appendingPathComponent(file)
    }

    static func townships() throws -> TownshipCatalog {
        try TownshipCatalog.load(from: configURL("townships.json"))
    }

    static func plan() throws -> PartitionPlan {
        try PartitionPlan.load(from: configURL("partition-plan.json"), townships: townships())
    }

    static func topics() throws -> TopicCatalog {
        try TopicCatalog.load(from: configURL("topics.json"))
    }

    /// Valid 18-character resident IDs made with ``IndependentCheck``, deterministic for a given count.
    static func residentIDs(count: Int) -> [String] {
        var generator = SplitMix64(seed: 2011)
        return (0..<count).map { _ in
            let year = 1900 + Int(generator.next() % 112)
            let month = 1 + Int(generator.next() % 12)
            let day = 1 + Int(generator.next() % 28)
            let sequence = Int(generator.next() % 1000)
            let first17 = "510623" + pad(year, 4) + pad(month, 2) + pad(day, 2) + pad(sequence, 3)
            return first17 + String(IndependentCheck.character(for: first17))
        }
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}

/// A small deterministic random number generator for reproducible test data.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// ISO 7064 MOD 11-2 computed the recursive way (no weight table), independent of the module's implementation.
enum IndependentCheck {
    static func character(for first17: String) -> Character {
        var p = 0
        for character in first17 {
            p = ((p + character.wholeNumberValue!) * 2) % 11
        }
        let check = (12 - p) % 11
        return check == 10 ? "X" : Character(String(check))
    }
}

/// Edits a JSON object message for negative tests.
enum JSONEdit {
    static func object(_ data: Data) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func edit(_ data: Data, _ change: (inout [String: Any]) -> Void) throws -> Data {
        var object = try object(data)
        change(&object)
        return try JSONSerialization.data(withJSONObject: object)
    }

    static func editPayload(_ data: Data, _ change: (inout [String: Any]) -> Void) throws -> Data {
        try edit(data) { object in
            var payload = object["payload"] as? [String: Any] ?? [:]
            change(&payload)
            object["payload"] = payload
        }
    }
}
