import Foundation
import PensionOperations
import PensionStore
import Testing

/// Burrow's rules, one synthetic sample series per rule.
@Suite struct LagEvaluatorTests {
    let evaluator = LagEvaluator(windowSamples: 5)
    let start = Date(timeIntervalSince1970: 1_000_000)

    /// Samples 10 s apart: (position, log end), all held by a live worker unless `owned` says otherwise.
    func series(_ points: [(Int64, Int64)], owned: Bool = true) -> [LagSampleRecord] {
        points.enumerated().map { index, point in
            LagSampleRecord(
                group: "g", topic: "t", partition: 0, sampledAt: start.addingTimeInterval(Double(index) * 10),
                position: point.0, logEnd: point.1, owned: owned)
        }
    }

    func justAfter(_ samples: [LagSampleRecord]) -> Date { samples.last!.sampledAt.addingTimeInterval(1) }

    @Test("rule 1: a sample with lag 0 in the window is OK, however the rest looks")
    func zeroLagIsOK() {
        let samples = series([(0, 100), (0, 100), (100, 100), (100, 300), (100, 500)])
        #expect(evaluator.status(samples, now: justAfter(samples)) == .ok)
    }

    @Test("rule 6: the position going down is REWIND")
    func rewind() {
        let samples = series([(50, 100), (60, 110), (20, 120), (30, 130)])
        #expect(evaluator.status(samples, now: justAfter(samples)) == .rewind)
    }

    @Test("rule 4: no commit for longer than the window spans is STOP")
    func stop() {
        let samples = series([(10, 100), (20, 100), (30, 100)])
        #expect(evaluator.status(samples, now: samples.last!.sampledAt.addingTimeInterval(19)) != .stop)
        #expect(evaluator.status(samples, now: samples.last!.sampledAt.addingTimeInterval(21)) == .stop)
    }

    @Test("a partition nobody holds stops counting samples until its position moves, and turns STOP")
    func unheldPartitionStops() {
        let samples = series([(10, 100), (20, 100), (30, 100)]) + series([(30, 100), (30, 100), (30, 100), (30, 100)], owned: false)
            .enumerated().map { index, sample in
                var moved = sample
                moved.sampledAt = start.addingTimeInterval(30 + Double(index) * 10)
                return moved
            }
        #expect(evaluator.window(samples).count == 3)
        #expect(evaluator.status(samples, now: justAfter(samples)) == .stop)
    }

    @Test("a first sample: lag nobody holds is STOP, lag a worker holds is OK")
    func singleSample() {
        #expect(evaluator.status(series([(0, 10)], owned: false), now: start) == .stop)
        #expect(evaluator.status(series([(0, 10)]), now: start) == .ok)
    }

    @Test("rule 2: a held partition whose position never moves while lag stays is STALL")
    func stall() {
        let samples = series([(40, 100), (40, 100), (40, 120), (40, 120)])
        #expect(evaluator.status(samples, now: justAfter(samples)) == .stall)
    }

    @Test("rule 3: the position moves but the lag never goes down is WARN")
    func warning() {
        let samples = series([(10, 100), (20, 110), (30, 125), (40, 140)])
        #expect(evaluator.status(samples, now: justAfter(samples)) == .warning)
    }

    @Test("a consumer catching up is OK")
    func catchingUp() {
        let samples = series([(10, 100), (40, 110), (80, 120), (110, 130)])
        #expect(evaluator.status(samples, now: justAfter(samples)) == .ok)
    }

    @Test("the window keeps the last samples only: an old rewind no longer counts")
    func slidingWindow() {
        let samples = series([(50, 500), (20, 500), (30, 500), (60, 500), (100, 500), (150, 500), (200, 500)])
        #expect(evaluator.window(samples).count == 5)
        #expect(evaluator.status(samples, now: justAfter(samples)) == .ok)
    }

    @Test("the group is ERR when any partition is STOP, STALL or REWIND, WARN when any is WARN")
    func groupStatus() {
        #expect(GroupStatus([.ok, .warning, .ok]) == .warning)
        #expect(GroupStatus([.ok, .warning, .stall]) == .error)
        #expect(GroupStatus([.ok, .ok]) == .ok)
        #expect(GroupStatus([PartitionStatus]()) == .ok)
    }
}
