import Foundation
import PensionOperations
import PensionStore
import Testing

@Suite struct ScalePlannerTests {
    let now = Date(timeIntervalSince1970: 2_000_000)
    static let stages = ["registration", "id-verification", "eligibility", "payout", "certificate"]

    /// A group reading one topic: per partition (number, township, position now, log end).
    func group(_ name: String, _ partitions: [(Int32, String, Int64, Int64)], members: Int = 1) -> GroupLag {
        GroupLag(
            group: name, state: "Stable", members: members, mode: .elastic, pinnedTownships: [],
            partitions: partitions.map {
                PartitionLag(group: name, topic: "t", partition: $0.0, township: $0.1, logStart: 0, logEnd: $0.3, committed: $0.2)
            })
    }

    func sample(_ group: String, _ partition: Int32, _ position: Int64, secondsAgo: Double) -> LagSampleRecord {
        LagSampleRecord(group: group, topic: "t", partition: partition, sampledAt: now.addingTimeInterval(-secondsAgo),
                        position: position, logEnd: 100_000, owned: true)
    }

    @Test("the measured rate decides the worker count; one command line per worker")
    func measuredElastic() {
        // 2 members moved 12,000 positions in 60 s: 100/s each. 90,000 lag in 30 min needs 90,000 / 180,000 → 1 worker;
        // in 5 min (30,000 per worker) it needs 3.
        let lagging = group("pension-registration", [(0, "510623100", 16_000, 46_000), (1, "510623100", 8_000, 38_000),
                                                    (2, "510623101", 10_000, 40_000)], members: 2)
        let history = ["pension-registration": [sample("pension-registration", 0, 10_000, secondsAgo: 60),
                                                sample("pension-registration", 1, 4_000, secondsAgo: 60),
                                                sample("pension-registration", 2, 8_000, secondsAgo: 60)]]
        let snapshot = LagSnapshot(takenAt: now, windowSamples: 10, groups: [lagging])
        let relaxed = ScalePlanner(drainMinutes: 30, assumedEventsPerSecond: 1, mode: .elastic, stages: Self.stages).plans(snapshot, history: history, workers: [:])
        #expect(relaxed.first?.rateSource == .measured)
        #expect(relaxed.first?.ratePerWorker == 100)
        #expect(relaxed.first?.workersNeeded == 1)
        let tight = ScalePlanner(drainMinutes: 5, assumedEventsPerSecond: 1, mode: .elastic, stages: Self.stages).plans(snapshot, history: history, workers: [:])
        #expect(tight.first?.workersNeeded == 3)
        #expect(tight.first?.commands == Array(repeating: "pension worker registration", count: 3))
    }

    @Test("never more elastic workers than lagging partitions; an assumed rate when nothing moved")
    func cappedAndAssumed() {
        let lagging = group("pension-payout", [(0, "510623100", 0, 1_000_000), (1, "510623101", 5, 5)], members: 0)
        let snapshot = LagSnapshot(takenAt: now, windowSamples: 10, groups: [lagging])
        let plans = ScalePlanner(drainMinutes: 1, assumedEventsPerSecond: 10, mode: .elastic, stages: Self.stages).plans(snapshot, history: [:], workers: [:])
        #expect(plans.first?.rateSource == .assumed)
        #expect(plans.first?.workersNeeded == 1, "one lagging partition: a second worker would sit idle")
    }

    @Test("pinned workers cover every township, the lagging ones spread by lag")
    func pinnedPacking() {
        let lagging = group("pension-id-verification", [(0, "A", 0, 9_000), (1, "B", 0, 6_000), (2, "C", 0, 2_000), (3, "D", 0, 0)])
        let snapshot = LagSnapshot(takenAt: now, windowSamples: 10, groups: [lagging])
        let plans = ScalePlanner(drainMinutes: 1, assumedEventsPerSecond: 100, mode: .pinned, stages: Self.stages).plans(snapshot, history: [:], workers: [:])
        // 17,000 at 6,000 per worker-minute: 3 workers.
        #expect(plans.first?.workersNeeded == 3)
        let commands = plans.first?.commands ?? []
        #expect(commands.count == 3)
        #expect(commands.contains("pension worker id-verification --township A"))
        #expect(commands.contains("pension worker id-verification --township B"))
        #expect(commands.contains("pension worker id-verification --township C --township D"))
    }

    @Test("a group that is not pension-STAGE keeps its id on the command line; an unknown one gets no command")
    func customGroup() {
        let groups = [group("pension-registration-replay", [(0, "A", 0, 10)]), group("pension-other", [(0, "A", 0, 10)])]
        let snapshot = LagSnapshot(takenAt: now, windowSamples: 10, groups: groups)
        let plans = ScalePlanner(drainMinutes: 1, assumedEventsPerSecond: 100, mode: .elastic, groupPrefix: "pension-", stages: Self.stages)
            .plans(snapshot, history: [:], workers: [:])
        #expect(plans.first?.commands == ["pension worker registration --group pension-registration-replay"])
        #expect(plans.last?.stage == "?")
        #expect(plans.last?.commands == [])
    }
}
