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
}
