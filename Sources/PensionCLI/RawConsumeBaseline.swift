import CRDKafka
import Dispatch
import Foundation

/// The baseline for benchmarks: a bare loop over librdkafka's batch-consume API with no Swift wrapper, reading
/// `count` messages of a topic from the beginning, timed from assignment to the last message. Runs on its own
/// thread.
enum RawConsumeBaseline {
    static func run(bootstrap: String, topic: String, partitions: Int32, count: Int) async throws -> Duration {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue(label: "bench.raw").async {
                continuation.resume(with: Result { try consume(bootstrap: bootstrap, topic: topic, partitions: partitions, count: count) })
            }
        }
    }

    private static func consume(bootstrap: String, topic: String, partitions: Int32, count: Int) throws -> Duration {
        let conf = rd_kafka_conf_new()
        var errorText = [CChar](repeating: 0, count: 256)
        let settings = [
            "bootstrap.servers": bootstrap, "group.id": "bench-raw-\(UUID().uuidString)",
            "enable.auto.commit": "false", "enable.partition.eof": "false",
        ]
        for (key, value) in settings { rd_kafka_conf_set(conf, key, value, &errorText, errorText.count) }
        guard let rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, &errorText, errorText.count) else {
            throw CLIError("raw librdkafka consumer could not be created")
        }
        defer { rd_kafka_destroy(rk) }
        rd_kafka_poll_set_consumer(rk)
        let clock = ContinuousClock()
        let started = clock.now
        let list = rd_kafka_topic_partition_list_new(partitions)
        for partition in 0..<partitions {
            rd_kafka_topic_partition_list_add(list, topic, partition).pointee.offset = -2  // beginning
        }
        rd_kafka_assign(rk, list)
        rd_kafka_topic_partition_list_destroy(list)
        let queue = rd_kafka_queue_get_consumer(rk)
        defer { rd_kafka_queue_destroy(queue) }
        let capacity = 2_000
        let buffer = UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>.allocate(capacity: capacity)
        defer { buffer.deallocate() }

        var received = 0
                let deadline = clock.now + .seconds(120)
        while received < count && clock.now < deadline {
            let got = rd_kafka_consume_batch_queue(queue, 100, buffer, capacity)
            guard got > 0 else { continue }
            for index in 0..<got {
                if buffer[index]!.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
                    received += 1
                }
                rd_kafka_message_destroy(buffer[index])
            }
        }
        guard received >= count else { throw CLIError("raw baseline read \(received) of \(count) messages") }
        return clock.now - started
    }
}
