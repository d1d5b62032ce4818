import Testing

@testable import PensionWorkers

@Suite struct BatchHandoffTests {
    @Test("the receiver takes the batches waiting (up to its limit) at once, in order, then nothing once finished")
    func takesAllWaiting() async {
        let handoff = BatchHandoff<Int>()
        handoff.send(1)
        handoff.send(2)
        handoff.send(3)
        handoff.send(4)
        #expect(await handoff.take(upTo: 3) == [1, 2, 3])
        handoff.send(5)
        handoff.finish()
        #expect(await handoff.take() == [4, 5])
        #expect(await handoff.take() == [])
    }

    @Test("a waiting receiver gets the next batch; a cancelled one gets nothing")
    func waitsAndCancels() async {
        let handoff = BatchHandoff<Int>()
        async let received = handoff.take()
        try? await Task.sleep(for: .milliseconds(20))
        handoff.send(7)
        #expect(await received == [7])

        let waiting = Task { await handoff.take() }
        try? await Task.sleep(for: .milliseconds(20))
        waiting.cancel()
        #expect(await waiting.value == [])
    }

    @Test("combined indices map back to their batch, empty batches included")
    func groupedEvents() {
        let group = GroupedEvents([3, 0, 2, 0])
        #expect(group.range(0) == 0..<3)
        #expect(group.range(1) == 3..<3)
        #expect(group.range(2) == 3..<5)
        #expect(group.range(3) == 5..<5)
        #expect((0..<5).map { group.locate($0).batch } == [0, 0, 0, 2, 2])
        #expect((0..<5).map { group.locate($0).local } == [0, 1, 2, 0, 1])
    }
}
