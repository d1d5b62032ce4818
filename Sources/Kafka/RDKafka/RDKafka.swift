import CRDKafka

/// Blocking librdkafka calls shared by several client types. Call them only off Swift concurrency's threads.
enum RDKafka {
    static func offsetsForTimes(
        _ handle: OpaquePointer, _ partitions: [TopicPartition], _ milliseconds: Int64, timeoutMilliseconds: Int32
    ) throws -> [TopicPartition: Int64] {
        try RDKafkaTopicPartitionList.with(partitions.map { ($0, milliseconds) }) { list in
            let err = rd_kafka_offsets_for_times(handle, list, timeoutMilliseconds)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.rdKafka(err, "offsets for times") }
            if let partial = RDKafkaTopicPartitionList.firstError(list, "offsets for times") { throw partial }
            return Dictionary(uniqueKeysWithValues: RDKafkaTopicPartitionList.entries(list).map { ($0.0, $0.1) })
        }
    }

    /// Commits the stored offsets of the current assignment and waits for the broker's answer at most
    /// `timeoutMilliseconds` (`_TIMED_OUT` then; the commit may still land later). A plain synchronous
    /// `rd_kafka_commit` waits without limit, and was seen never to return while the group was rebalancing.
    static func commit(_ handle: OpaquePointer, timeoutMilliseconds: Int32) -> rd_kafka_resp_err_t {
        guard let queue = rd_kafka_queue_new(handle) else { return RD_KAFKA_RESP_ERR__FAIL }
        defer { rd_kafka_queue_destroy(queue) }
        let err = rd_kafka_commit_queue(handle, nil, queue, nil, nil)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { return err }
        guard let event = rd_kafka_queue_poll(queue, timeoutMilliseconds) else { return RD_KAFKA_RESP_ERR__TIMED_OUT }
        defer { rd_kafka_event_destroy(event) }
        return rd_kafka_event_error(event)
    }
}
