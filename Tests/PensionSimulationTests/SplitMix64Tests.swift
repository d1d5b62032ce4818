@testable import PensionSimulation
import Testing

@Suite struct SplitMix64Tests {
    @Test func matchesTheReferenceSequence() {
        // Reference outputs of Vigna's splitmix64.c for seed 0.
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(generator.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func boundedDrawsStayInRangeAndCoverIt() {
        var generator = SplitMix64(seed: 42)
        var seen = Set<Int>()
        for _ in 0..<2_000 {
            let value = generator.int(in: 3...9)
            #expect((3...9).contains(value))
            seen.insert(value)
        }
        #expect(seen == Set(3...9))
    }

    @Test func shuffleIsAPermutationAndSeeded() {
        var first = SplitMix64(seed: 1)
        var second = SplitMix64(seed: 1)
        var a = Array(0..<50)
        var b = Array(0..<50)
        first.shuffle(&a)
        second.shuffle(&b)
        #expect(a == b)
        #expect(a != Array(0..<50))
        #expect(a.sorted() == Array(0..<50))
    }

    @Test func labelsGiveIndependentStreams() {
        var a = SplitMix64(seed: 2011, label: "510623100")
        var b = SplitMix64(seed: 2011, label: "510623101")
        #expect(a.next() != b.next())
    }
}
