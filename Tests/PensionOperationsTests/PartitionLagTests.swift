import PensionOperations
import Testing

@Suite struct PartitionLagTests {
    @Test func lagCountsFromTheCommittedOffset() {
        let lag = PartitionLag(group: "g", topic: "t", partition: 3, township: nil, logStart: 0, logEnd: 10, committed: 4)
        #expect(lag.lag == 6)
    }

    @Test func aPartitionWithoutCommitCountsFromTheLogStart() {
        let lag = PartitionLag(group: "g", topic: "t", partition: 3, township: nil, logStart: 2, logEnd: 10, committed: nil)
        #expect(lag.position == 2)
        #expect(lag.lag == 8)
    }

    @Test func aCommitBeforeTheLogStartCountsFromTheLogStart() {
        let lag = PartitionLag(group: "g", topic: "t", partition: 0, township: nil, logStart: 5, logEnd: 9, committed: 1)
        #expect(lag.lag == 4)
    }
}
