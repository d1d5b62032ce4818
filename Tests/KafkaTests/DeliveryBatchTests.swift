import CRDKafka
import Synchronization
import Testing

@testable import Kafka

@Suite struct DeliveryBatchTests {
    private func report(_ err: rd_kafka_resp_err_t, to target: DeliveryTarget) {
        var message = rd_kafka_message_t()
        message.err = err
        target.report(message) { "t" }
    }

    /// A counting batch (what `deliver` uses) is its messages' target and wakes the sender only after the last report.
    @Test func aCountingBatchWaitsForEveryReport() async throws {
        let batch = DeliveryBatch(reports: 0)
        let targets = (0..<3).map { batch.target(for: $0) }
        #expect(targets.allSatisfy { $0 === batch })
        for _ in targets { batch.willEnqueue() }
        let done = Atomic(false)
        let sender = Task {
            defer { done.store(true, ordering: .sequentiallyConsistent) }
            return await batch.seal()
        }
        report(RD_KAFKA_RESP_ERR_NO_ERROR, to: targets[0])
        report(RD_KAFKA_RESP_ERR_NO_ERROR, to: targets[1])
        try await Task.sleep(for: .milliseconds(50))
        let sealedEarly = done.load(ordering: .sequentiallyConsistent)
        #expect(!sealedEarly, "sealed with a report outstanding")
        report(RD_KAFKA_RESP_ERR_NO_ERROR, to: targets[2])
        #expect(try await sender.value.get().isEmpty)
    }

    @Test func aFailedDeliveryIsTheBatchsError() async {
        let batch = DeliveryBatch(reports: 0)
        batch.willEnqueue()
        batch.willEnqueue()
        report(RD_KAFKA_RESP_ERR_NO_ERROR, to: batch.target(for: 0))
        report(RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE, to: batch.target(for: 1))
        guard case .failure(let error) = await batch.seal() else {
            Issue.record("a failed delivery was not reported")
            return
        }
        #expect(error.code == KafkaError.Code(RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE))
    }

    /// A reporting batch (what `send` uses) hands out one ticket per message and returns the reports in order.
    @Test func aReportingBatchKeepsReportsInMessageOrder() async throws {
        let batch = DeliveryBatch(reports: 2)
        let targets = (0..<2).map { batch.target(for: $0) }
        #expect(targets.allSatisfy { $0 !== batch })
        for _ in targets { batch.willEnqueue() }
        for index in [1, 0] {
            var message = rd_kafka_message_t()
            message.partition = Int32(index)
            message.offset = Int64(10 + index)
            targets[index].report(message) { "t" }
        }
        let reports = try await batch.seal().get()
        #expect(reports.map(\.offset) == [10, 11])
        #expect(reports.map(\.topicPartition) == [TopicPartition("t", 0), TopicPartition("t", 1)])
    }
}
