import CRDKafka

/// Converts between Swift topic-partition values and librdkafka's `rd_kafka_topic_partition_list_t`.
enum RDKafkaTopicPartitionList {
    typealias Pointer = UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    /// A new C list the caller must destroy with `rd_kafka_topic_partition_list_destroy`.
    static func make(_ entries: [(TopicPartition, Int64)]) -> Pointer {
        let list = rd_kafka_topic_partition_list_new(Int32(entries.count))!
        for (tp, offset) in entries {
            rd_kafka_topic_partition_list_add(list, tp.topic, tp.partition).pointee.offset = offset
        }
        return list
    }

    /// Runs `body` with a temporary C list.
    static func with<T>(_ entries: [(TopicPartition, Int64)], _ body: (Pointer) throws -> T) rethrows -> T {
        let list = make(entries)
        defer { rd_kafka_topic_partition_list_destroy(list) }
        return try body(list)
    }

    /// The entries of a C list, with each entry's error.
    static func entries(_ list: UnsafePointer<rd_kafka_topic_partition_list_t>) -> [(TopicPartition, Int64, rd_kafka_resp_err_t)] {
        (0..<Int(list.pointee.cnt)).map { index in
            let element = list.pointee.elems[index]
            return (TopicPartition(String(cString: element.topic), element.partition), element.offset, element.err)
        }
    }

    /// The first per-partition error in a C list, if any.
    static func firstError(_ list: UnsafePointer<rd_kafka_topic_partition_list_t>, _ context: String) -> KafkaError? {
        entries(list).first { $0.2 != RD_KAFKA_RESP_ERR_NO_ERROR }.map { KafkaError.rdKafka($0.2, "\(context) \($0.0)") }
    }
}
