import CRDKafka
import Logging

/// Topic and group administration: create and describe topics, watermarks, committed offsets, offsets for a
/// time, consumer groups. Every call blocks only this client's own queue.
public final class KafkaAdmin: Sendable {
    /// A topic to create.
    public struct NewTopic: Sendable {
        /// The topic name.
        public var name: String
        /// The partition count.
        public var partitions: Int32
        /// The replication factor.
        public var replicationFactor: Int32
        /// Topic configuration, e.g. `retention.ms`.
        public var configs: [String: String]

        /// - Parameters:
        ///   - name: the topic name.
        ///   - partitions: the partition count.
        ///   - replicationFactor: replicas per partition; 1 on a single local broker.
        ///   - configs: topic configuration such as `retention.ms`.
        public init(name: String, partitions: Int32, replicationFactor: Int32 = 1, configs: [String: String] = [:]) {
            self.name = name
            self.partitions = partitions
            self.replicationFactor = replicationFactor
            self.configs = configs
        }
    }

    /// What creating one topic did.
    public enum CreateOutcome: String, Sendable { case created, alreadyExists = "already exists" }

    /// One partition of a described topic.
    public struct PartitionDescription: Sendable {
        /// The partition number.
        public var partition: Int32
        /// The leader broker id.
        public var leader: Int32
        /// The low and high watermarks. The local broker (Tansu) under-reports the high watermark when the last
        /// batch held several records; see ENVIRONMENT.md.
        public var low: Int64, high: Int64
    }

    /// A topic as the cluster describes it.
    public struct TopicDescription: Sendable {
        /// The topic name.
        public var name: String
        /// Its partitions, in order.
        public var partitions: [PartitionDescription]
    }

    /// A consumer group as the cluster lists it.
    public struct GroupDescription: Sendable {
        /// The group id.
        public var name: String
        /// The group state, e.g. `Stable` or `Empty`.
        public var state: String
        /// The protocol type, `consumer` for consumer groups.
        public var protocolType: String
        /// Current members.
        public var members: Int
        /// The members with their subscriptions and assignments (empty for a group of another protocol type).
        public var memberDetails: [GroupMember] = []
    }

    let client: RDKafkaClient
    let configuration: KafkaConfiguration
    let logger: Logger

    private init(client: RDKafkaClient, configuration: KafkaConfiguration, logger: Logger) {
        self.client = client
        self.configuration = configuration
        self.logger = logger
    }

    /// Creates an admin client.
    /// - Throws: ``KafkaError`` for a bad property, a protected one (`bootstrap.servers`, `client.id`; see
    ///   ``KafkaConfiguration``) or an unsupported librdkafka.
    public static func make(configuration: KafkaConfiguration, logger: Logger) throws -> KafkaAdmin {
        try configuration.refuseProtected([])
        let properties = configuration.merged(with: ["allow.auto.create.topics": "false"])
        let client = try RDKafkaClient.make(
            kind: .producer, properties: properties, context: RDKafkaContext(logger: logger), logger: logger
        )
        return KafkaAdmin(client: client, configuration: configuration, logger: logger)
    }

    /// Creates topics; a topic that already exists is reported, not an error.
    /// - Returns: the outcome per topic name.
    /// - Throws: ``KafkaError`` for the request or the first topic that failed otherwise.
    public func createTopics(_ topics: [NewTopic], timeout: Duration = .seconds(30)) async throws
        -> [String: CreateOutcome]
    {
        try await client.blocking { handle in
            var errorText = [CChar](repeating: 0, count: 512)
            var newTopics: [OpaquePointer?] = []
            defer { newTopics.forEach { rd_kafka_NewTopic_destroy($0) } }
            for topic in topics {
                guard let newTopic = rd_kafka_NewTopic_new(
                    topic.name, topic.partitions, topic.replicationFactor, &errorText, errorText.count
                ) else { throw KafkaError.client("topic \(topic.name): \(RDKafkaClient.text(errorText))") }
                newTopics.append(newTopic)
                for (key, value) in topic.configs { _ = rd_kafka_NewTopic_set_config(newTopic, key, value) }
            }
            let options = rd_kafka_AdminOptions_new(handle, RD_KAFKA_ADMIN_OP_CREATETOPICS)
            defer { rd_kafka_AdminOptions_destroy(options) }
            _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeout.milliseconds, &errorText, errorText.count)
            let event = try Self.request(handle, timeout) { queue in
                rd_kafka_CreateTopics(handle, &newTopics, newTopics.count, options, queue)
            }
            defer { rd_kafka_event_destroy(event) }
            var count = 0
            guard let results = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count)
            else { return [:] }
            var outcomes: [String: CreateOutcome] = [:]
            for index in 0..<count {
                let result = results[index]
                let name = String(cString: rd_kafka_topic_result_name(result))
                switch rd_kafka_topic_result_error(result) {
                case RD_KAFKA_RESP_ERR_NO_ERROR: outcomes[name] = .created
                case RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS: outcomes[name] = .alreadyExists
                case let err: throw KafkaError.rdKafka(err, "create topic \(name)")
                }
            }
            return outcomes
        }
    }

    /// Describes topics: partitions, leaders and watermarks. Topics that don't exist are left out.
    /// - Throws: ``KafkaError``.
    public func describeTopics(_ names: [String], timeout: Duration = .seconds(10)) async throws -> [TopicDescription] {
        let wanted = Set(names)
        let layout: [(String, [(Int32, Int32)])] = try await client.blocking { handle in
            var metadata: UnsafePointer<rd_kafka_metadata>?
            let err = rd_kafka_metadata(handle, 1, nil, &metadata, timeout.milliseconds)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else { throw KafkaError.rdKafka(err, "metadata") }
            defer { rd_kafka_metadata_destroy(metadata) }
            return (0..<Int(metadata.pointee.topic_cnt)).compactMap { index in
                let topic = metadata.pointee.topics[index]
                let name = String(cString: topic.topic)
                guard wanted.contains(name), topic.err == RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
                let partitions = (0..<Int(topic.partition_cnt)).map { (topic.partitions[$0].id, topic.partitions[$0].leader) }
                return (name, partitions.sorted { $0.0 < $1.0 })
            }
        }
        var descriptions: [TopicDescription] = []
        for (name, partitions) in layout.sorted(by: { $0.0 < $1.0 }) {
            var described: [PartitionDescription] = []
            for (partition, leader) in partitions {
                let (low, high) = try await watermarks(TopicPartition(name, partition), timeout: timeout)
                described.append(PartitionDescription(partition: partition, leader: leader, low: low, high: high))
            }
            descriptions.append(TopicDescription(name: name, partitions: described))
        }
        return descriptions
    }

    /// The low and high watermarks of a partition, asked of the broker (ListOffsets).
    /// - Throws: ``KafkaError``.
    public func watermarks(_ partition: TopicPartition, timeout: Duration = .seconds(10)) async throws
        -> (low: Int64, high: Int64)
    {
        try await client.blocking { handle in
            var low: Int64 = 0
            var high: Int64 = 0
            let err = rd_kafka_query_watermark_offsets(
                handle, partition.topic, partition.partition, &low, &high, timeout.milliseconds
            )
            if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.rdKafka(err, "watermarks of \(partition)") }
            return (low, high)
        }
    }

    /// A group's committed offsets (``KafkaOffset/invalid`` where it has none). Does not join the group.
    ///
    /// Reads them with a temporary consumer, which is closed (waiting at most `timeout` again) whether the read
    /// succeeded or not.
    /// - Throws: ``KafkaError``.
    public func committedOffsets(group: String, partitions: [TopicPartition], timeout: Duration = .seconds(10))
        async throws -> [TopicPartition: Int64]
    {
        var settings = KafkaConsumerConfiguration(kafka: configuration, groupID: group)
        settings.kafka.clientID = "\(configuration.clientID)-offsets"
        let reader = try KafkaConsumer.make(configuration: settings, logger: logger)
        let result: Result<[TopicPartition: Int64], any Error>
        do {
            result = .success(try await reader.committed(partitions, timeout: timeout))
        } catch {
            result = .failure(error)
        }
        do {
            try await reader.close(timeout: timeout)
        } catch {
            // The offsets were read; a close that failed changes nothing about them.
            logger.warning("closing the offsets reader failed", metadata: ["kafka.error": "\(error)"])
        }
        return try result.get()
    }

    /// For each partition, the earliest offset whose timestamp is at or after `milliseconds`; -1 where no
    /// message is that late. The local broker (Tansu) answers 0 instead of -1 for a time after every message.
    /// - Throws: ``KafkaError``.
    public func offsets(forTimestamp milliseconds: Int64, partitions: [TopicPartition], timeout: Duration = .seconds(10))
        async throws -> [TopicPartition: Int64]
    {
        try await client.blocking {
            try RDKafka.offsetsForTimes($0, partitions, milliseconds, timeoutMilliseconds: timeout.milliseconds)
        }
    }

    /// The consumer groups the cluster knows, or only `group` (described even when the listing leaves it out).
    /// - Throws: ``KafkaError``.
    public func listGroups(_ group: String? = nil, timeout: Duration = .seconds(10)) async throws -> [GroupDescription] {
        try await client.blocking { handle in
            var list: UnsafePointer<rd_kafka_group_list>?
            let err = rd_kafka_list_groups(handle, group, &list, timeout.milliseconds)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { throw KafkaError.rdKafka(err, "list groups") }
            defer { rd_kafka_group_list_destroy(list) }
            return (0..<Int(list.pointee.group_cnt)).map { index in
                let group = list.pointee.groups[index]
                let protocolType = String(cString: group.protocol_type)
                let members = (0..<Int(group.member_cnt)).map { GroupMember(group.members[$0], protocolType: protocolType) }
                return GroupDescription(
                    name: String(cString: group.group), state: String(cString: group.state),
                    protocolType: protocolType, members: Int(group.member_cnt), memberDetails: members
                )
            }.sorted { $0.name < $1.name }
        }
    }

    /// Sends one admin request on a temporary queue and waits for its result event (caller destroys it).
    static func request(
        _ handle: OpaquePointer, _ timeout: Duration, _ send: (OpaquePointer) -> Void
    ) throws -> OpaquePointer {
        let queue = rd_kafka_queue_new(handle)!
        defer { rd_kafka_queue_destroy(queue) }
        send(queue)
        guard let event = rd_kafka_queue_poll(queue, timeout.milliseconds + 5_000) else {
            throw KafkaError.rdKafka(RD_KAFKA_RESP_ERR__TIMED_OUT, "admin request")
        }
        let err = rd_kafka_event_error(event)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            let text = String(cString: rd_kafka_event_error_string(event))
            rd_kafka_event_destroy(event)
            throw KafkaError.rdKafka(err, "admin request: \(text)")
        }
        return event
    }
}
