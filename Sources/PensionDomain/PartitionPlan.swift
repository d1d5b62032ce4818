import Foundation

/// Which Kafka partitions each township's events go to, loaded from `config/partition-plan.json`.
///
/// Every event of a township goes to one of that township's partitions. A township that owns several partitions
/// spreads its events over them by key: `owned[fnv1a32(utf8(key)) % owned.count]`, with `owned` in ascending
/// order. The key is the 18-character resident ID, or the event ID for events without a resident.
public struct PartitionPlan: Sendable {
    /// The number of partitions of every township-scoped topic.
    public let partitionCount: Int32

    private let owned: [String: [Int32]]
    private let owners: [Int32: String]

    /// Loads and validates a plan file against the township catalog.
    ///
    /// - Parameters:
    ///   - url: the JSON file, shaped like `config/partition-plan.json`.
    ///   - townships: the county's townships; each must own at least one partition.
    /// - Throws: ``ConfigurationError`` naming the problem.
    public static func load(from url: URL, townships: TownshipCatalog) throws -> PartitionPlan {
        try PartitionPlan(decoding: ConfigFile.read(url, source: source), townships: townships)
    }

    /// Decodes and validates a plan.
    ///
    /// Checks that the hash is `fnv1a32`, that every catalog township owns at least one partition, listed in
    /// ascending order, that every partition `0..<partitions` is owned by exactly one township, and that no
    /// township outside the catalog is listed.
    /// - Parameters:
    ///   - data: JSON `{"partitions": 48, "hash": "fnv1a32", "townships": {"510623100": [0, 1, 2, 3], ...}}`.
    ///   - townships: the county's townships.
    /// - Throws: ``ConfigurationError`` naming the problem.
    public init(decoding data: Data, townships: TownshipCatalog) throws {
        let file = try ConfigFile.decode(File.self, from: data, source: Self.source)
        guard file.hash == "fnv1a32" else {
            throw Self.error("hash \(file.hash) is not supported; only fnv1a32 is")
        }
        guard file.partitions > 0 else {
            throw Self.error("partitions must be at least 1, not \(file.partitions)")
        }
        var owners: [Int32: String] = [:]
        for (code, partitions) in file.townships.sorted(by: { $0.key < $1.key }) {
            guard townships[code: code] != nil else {
                throw Self.error("township \(code) is not in the township catalog")
            }
            guard !partitions.isEmpty else {
                throw Self.error("township \(code) owns no partitions")
            }
            guard zip(partitions, partitions.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw Self.error("the partitions of township \(code) are not in strictly ascending order")
            }
            for partition in partitions {
                guard (0..<file.partitions).contains(partition) else {
                    throw Self.error("township \(code) owns partition \(partition), outside 0..<\(file.partitions)")
                }
                if let other = owners.updateValue(code, forKey: partition) {
                    throw Self.error("partition \(partition) is owned by both \(other) and \(code)")
                }
            }
        }
        for township in townships.townships where file.townships[township.code] == nil {
            throw Self.error("township \(township.code) \(township.name) has no partitions")
        }
        if let orphan = (0..<file.partitions).first(where: { owners[$0] == nil }) {
            throw Self.error("partition \(orphan) is owned by no township")
        }
        partitionCount = file.partitions
        owned = file.townships
        self.owners = owners
    }

    /// The partitions a township owns, in ascending order, or `nil` for a township not in the plan.
    ///
    /// - Parameter townshipCode: a 9-digit township code.
    public func partitions(of townshipCode: String) -> [Int32]? {
        owned[townshipCode]
    }

    /// The township that owns a partition, or `nil` if the partition is out of range.
    ///
    /// - Parameter partition: a partition number.
    public func township(ofPartition partition: Int32) -> String? {
        owners[partition]
    }

    /// The partition for an event of a township.
    ///
    /// - Parameters:
    ///   - townshipCode: the event's 9-digit township code.
    ///   - key: the message key: the 18-character resident ID, or the event ID for events without a resident.
    /// - Returns: `owned[fnv1a32(utf8(key)) % owned.count]`.
    /// - Throws: ``PartitionPlanError`` if the township is not in the plan.
    public func partition(townshipCode: String, key: String) throws(PartitionPlanError) -> Int32 {
        guard let partitions = owned[townshipCode] else {
            throw PartitionPlanError(.unknownTownship, townshipCode: townshipCode)
        }
        let index = Int(Self.fnv1a32(key.utf8) % UInt32(partitions.count))
        return partitions[index]
    }

    /// The 32-bit FNV-1a hash: start from 2166136261; for each byte, xor it in, then multiply by 16777619 modulo 2³².
    ///
    /// - Parameter bytes: the bytes to hash, e.g. `key.utf8`.
    /// - Returns: the hash; `""` gives `0x811c9dc5`, `"a"` gives `0xe40c292c`.
    public static func fnv1a32(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in bytes {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return hash
    }

    private static let source = "partition plan"

    private static func error(_ problem: String) -> ConfigurationError {
        ConfigurationError(source: source, problem: problem)
    }

    private struct File: Decodable {
        let partitions: Int32
        let hash: String
        let townships: [String: [Int32]]
    }
}
