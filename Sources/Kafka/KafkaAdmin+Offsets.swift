import CRDKafka

extension KafkaAdmin {
    /// Sets a group's committed offsets, as `kafka-consumer-groups --reset-offsets --execute` does
    /// (AlterConsumerGroupOffsets). Kafka accepts it only while the group has no active member subscribed to the
    /// topics; check that first.
    /// - Throws: ``KafkaError`` for the request or the first partition the coordinator refused.
    public func alterCommittedOffsets(group: String, offsets: [TopicPartition: Int64], timeout: Duration = .seconds(30))
        async throws
    {
        guard !offsets.isEmpty else { return }
        let entries = offsets.sorted { ($0.key.topic, $0.key.partition) < ($1.key.topic, $1.key.partition) }
            .map { ($0.key, $0.value) }
        try await client.blocking { handle in
            try RDKafkaTopicPartitionList.with(entries) { list in
                var alter: [OpaquePointer?] = [rd_kafka_AlterConsumerGroupOffsets_new(group, list)]
                defer { rd_kafka_AlterConsumerGroupOffsets_destroy_array(&alter, 1) }
                let event = try Self.request(handle, timeout) { queue in
                    rd_kafka_AlterConsumerGroupOffsets(handle, &alter, 1, nil, queue)
                }
                defer { rd_kafka_event_destroy(event) }
                var count = 0
                let result = rd_kafka_event_AlterConsumerGroupOffsets_result(event)
                guard let groups = rd_kafka_AlterConsumerGroupOffsets_result_groups(result, &count) else { return }
                for index in 0..<count {
                    if let error = rd_kafka_group_result_error(groups[index]) {
                        throw KafkaError.rdKafka(error: error, "alter offsets of group \(group)")
                    }
                    if let partitions = rd_kafka_group_result_partitions(groups[index]),
                        let failed = RDKafkaTopicPartitionList.firstError(partitions, "alter offsets of group \(group)")
                    {
                        throw failed
                    }
                }
            }
        }
    }

    /// What a fetch from a partition shows: its log end (the high watermark of the fetch response) and the first
    /// message at or after the offset asked for.
    public struct LogPosition: Sendable, Hashable {
        /// The high watermark the broker returned with the fetch, or from ListOffsets when no fetch answered.
        public var logEnd: Int64
        /// The first offset still in the log, where the broker said (`nil` when it did not).
        public var logStart: Int64?
        /// Whether `logEnd` came from a fetch response (exact on every broker) rather than from ListOffsets.
        public var fromFetch: Bool
        /// The offset of the first readable message at or after the asked offset; `nil` at the log end.
        public var firstOffset: Int64?
        /// That message's timestamp in milliseconds since the epoch, if it has one.
        public var firstTimestampMilliseconds: Int64?
    }

    /// Fetches once from each partition at the given offset (a temporary consumer outside any group) and reports
    /// the log end from the fetch response and the first message found there.
    ///
    /// This is how lag is right on the local broker too: its ListOffsets answers the base offset of the last
    /// record batch + 1 (ENVIRONMENT.md), while the high watermark in its fetch responses is exact. A partition
    /// that gave no answer within `timeout`, or whose offset is out of range, falls back to ListOffsets.
    /// - Parameter starts: per partition, the offset to read from (e.g. a group's committed offset).
    /// - Throws: ``KafkaError`` when the consumer cannot be made.
    public func logPositions(_ starts: [TopicPartition: Int64], timeout: Duration = .seconds(10)) async throws
        -> [TopicPartition: LogPosition]
    {
        guard !starts.isEmpty else { return [:] }
        let properties = configuration.merged(with: [
            "group.id": "\(configuration.clientID)-probe-\(UInt64.random(in: 0...UInt64.max))",
            "enable.auto.commit": "false", "enable.auto.offset.store": "false", "enable.partition.eof": "true",
            "auto.offset.reset": "error", "fetch.wait.max.ms": "50", "allow.auto.create.topics": "false",
        ])
        let probe = try RDKafkaClient.make(
            kind: .consumer, properties: properties, context: RDKafkaContext(logger: logger), logger: logger
        )
        let found: [TopicPartition: LogPosition] = try await probe.blocking { handle in
            rd_kafka_poll_set_consumer(handle)
            defer { _ = rd_kafka_consumer_close(handle) }
            let err = RDKafkaTopicPartitionList.with(starts.map { ($0.key, $0.value) }) { rd_kafka_assign(handle, $0) }
            if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.rdKafka(err, "assign the log probe") }
            var found: [TopicPartition: LogPosition] = [:]
            var failed: Set<TopicPartition> = []
            let deadline = ContinuousClock.now + timeout
            while found.count + failed.count < starts.count, ContinuousClock.now < deadline {
                guard let message = rd_kafka_consumer_poll(handle, 100) else { continue }
                defer { rd_kafka_message_destroy(message) }
                guard let rkt = message.pointee.rkt else { continue }
                let partition = TopicPartition(String(cString: rd_kafka_topic_name(rkt)), message.pointee.partition)
                guard starts[partition] != nil, found[partition] == nil else { continue }
                switch message.pointee.err {
                case RD_KAFKA_RESP_ERR_NO_ERROR, RD_KAFKA_RESP_ERR__PARTITION_EOF:
                    var low: Int64 = 0
                    var high: Int64 = 0
                    _ = rd_kafka_get_watermark_offsets(handle, partition.topic, partition.partition, &low, &high)
                    var position = LogPosition(logEnd: high, logStart: low >= 0 ? low : nil, fromFetch: true)
                    if message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
                        var type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
                        let timestamp = rd_kafka_message_timestamp(message, &type)
                        position.firstOffset = message.pointee.offset
                        position.firstTimestampMilliseconds = type == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : timestamp
                        position.logEnd = max(high, message.pointee.offset + 1)
                    } else {
                        position.logEnd = max(high, message.pointee.offset)
                    }
                    found[partition] = position
                    RDKafkaTopicPartitionList.with([(partition, KafkaOffset.invalid)]) {
                        _ = rd_kafka_pause_partitions(handle, $0)
                    }
                default:
                    failed.insert(partition)
                }
            }
            return found
        }
        var positions = found
        for partition in starts.keys where positions[partition] == nil {
            let (low, high) = try await watermarks(partition)
            positions[partition] = LogPosition(logEnd: high, logStart: low, fromFetch: false)
        }
        return positions
    }
}
