/// Settings shared by producers, consumers and admin clients.
///
/// Typed settings cover the common properties; ``properties`` passes any other librdkafka property through
/// unchanged (for example `security.protocol`, `sasl.mechanism`, `ssl.ca.location` on production clusters)
/// and wins over the typed settings, except for the protected properties below.
///
/// ## Protected properties
///
/// A raw property that a typed setting owns, or that would break the delivery guarantee (commit only what was
/// processed; a delivery report means the message is stored on every in-sync replica, once and in order), is
/// refused when the client is made: ``KafkaConsumer/make(configuration:logger:onRebalance:)`` and
/// ``KafkaProducer/make(configuration:logger:)`` throw a ``KafkaError`` naming the property and the reason.
///
/// Every client (admin clients included):
/// - `bootstrap.servers` (alias `metadata.broker.list`): use ``bootstrapServers``.
/// - `client.id`: use ``clientID``.
///
/// Consumers:
/// - `enable.auto.commit`, `enable.auto.offset.store`, `enable.partition.eof`: only `false`, the value the typed
///   configuration sets (offsets are stored by `markProcessed` and committed by `commit` or before a revocation).
/// - `group.id`: use ``KafkaConsumerConfiguration/groupID``.
/// - `isolation.level`: only `read_committed` (librdkafka's default); `read_uncommitted` would hand out records
///   of aborted transactions.
///
/// Producers:
/// - `enable.idempotence`: only `true` (``KafkaProducerConfiguration/idempotence`` is the typed switch).
/// - `acks` (alias `request.required.acks`): only `all` or `-1`.
/// - `max.in.flight.requests.per.connection` (alias `max.in.flight`): only 1 to 5.
/// - `message.timeout.ms` (alias `delivery.timeout.ms`): use
///   ``KafkaProducerConfiguration/deliveryTimeoutMilliseconds``.
/// - `message.max.bytes`: use ``KafkaProducerConfiguration/maxMessageBytes``, so what the producer exposes is
///   what librdkafka enforces.
///
/// Deliberately not protected: `enable.gapless.guarantee` (it only makes an idempotent producer stricter: a
/// possible gap becomes a fatal error) and every other property, including typed ones that don't affect the
/// guarantee (`linger.ms`, `compression.codec`, `session.timeout.ms`, …), where the raw value wins.
public struct KafkaConfiguration: Sendable {
    /// `bootstrap.servers`: comma-separated `host:port` list.
    public var bootstrapServers: String
    /// `client.id`, also used as `kafka.client.id` in log metadata.
    public var clientID: String
    /// Raw librdkafka properties, applied last. The protected properties listed on ``KafkaConfiguration`` are
    /// refused when a client is made.
    public var properties: [String: String]

    /// - Parameters:
    ///   - bootstrapServers: `host:port[,host:port…]`.
    ///   - clientID: the client id; defaults to `pension`.
    ///   - properties: raw librdkafka properties.
    public init(bootstrapServers: String, clientID: String = "pension", properties: [String: String] = [:]) {
        self.bootstrapServers = bootstrapServers
        self.clientID = clientID
        self.properties = properties
    }

    func merged(with typed: [String: String]) -> [String: String] {
        var all = typed
        all["bootstrap.servers"] = bootstrapServers
        all["client.id"] = clientID
        all["log.connection.close"] = all["log.connection.close"] ?? "false"
        all.merge(properties) { _, raw in raw }
        return all
    }
}

/// Producer settings.
public struct KafkaProducerConfiguration: Sendable {
    /// Connection and raw properties.
    public var kafka: KafkaConfiguration
    /// `enable.idempotence`: exactly-once per partition, ordered, `acks=all`. Default `true`.
    public var idempotence = true
    /// `linger.ms`: how long to gather a batch. Default 5 ms.
    public var lingerMilliseconds = 5
    /// `message.timeout.ms`: how long librdkafka retries one message before reporting failure. Default 5 min.
    public var deliveryTimeoutMilliseconds = 300_000
    /// `compression.codec`. Default `lz4`.
    public var compression = "lz4"
    /// `message.max.bytes`: the largest message librdkafka accepts, measured as
    /// ``KafkaProducerMessage/wireSize`` (conservatively) measures it; a larger one is refused with
    /// ``KafkaError/Code/messageSizeTooLarge`` when it is sent. Default 1,000,000 (librdkafka's own default); the
    /// topic's `max.message.bytes` on the broker must be at least this (Kafka's default is 1,048,588).
    public var maxMessageBytes = 1_000_000

    /// - Parameter kafka: connection settings.
    public init(kafka: KafkaConfiguration) { self.kafka = kafka }

    var librdkafkaProperties: [String: String] {
        kafka.merged(with: [
            "enable.idempotence": String(idempotence),
            "linger.ms": String(lingerMilliseconds),
            "message.timeout.ms": String(deliveryTimeoutMilliseconds),
            "compression.codec": compression,
            "message.max.bytes": String(maxMessageBytes),
        ])
    }
}

/// Consumer settings.
public struct KafkaConsumerConfiguration: Sendable {
    /// Where a consumer without a committed offset starts.
    public enum OffsetReset: String, Sendable { case earliest, latest, error }

    /// How partitions move between group members.
    public enum RebalanceProtocol: String, Sendable {
        /// Every member gives up all partitions on each rebalance (`range,roundrobin`).
        case eager
        /// Members give up only the partitions that move (`cooperative-sticky`).
        case cooperativeSticky
    }

    /// Connection and raw properties.
    public var kafka: KafkaConfiguration
    /// `group.id`; required for subscriptions and commits. Without one, a consumer can only read assigned
    /// partitions, under a private group id that nothing commits to.
    public var groupID: String?
    /// `auto.offset.reset`. Default `earliest`: nothing published before a worker starts is skipped.
    public var offsetReset = OffsetReset.earliest
    /// `session.timeout.ms`. Default 10 s; joining a group takes about half of it on the local broker.
    public var sessionTimeoutMilliseconds = 10_000
    /// Default ``RebalanceProtocol/cooperativeSticky``.
    public var rebalanceProtocol = RebalanceProtocol.cooperativeSticky
    /// Most messages one batch returns. Default 2,000.
    public var maxBatchSize = 2_000
    /// How long one poll of librdkafka waits for messages before checking for cancellation. Default 100 ms.
    public var pollTimeoutMilliseconds = 100
    /// `queued.max.messages.kbytes`: most kilobytes of messages librdkafka fetches ahead of the application.
    /// Default 16,384 (16 MiB; librdkafka's own is 64 MiB), which keeps a worker's memory bounded without slowing it.
    public var prefetchKilobytes = 16_384

    /// - Parameters:
    ///   - kafka: connection settings.
    ///   - groupID: the consumer group, or `nil` for manual assignment only.
    public init(kafka: KafkaConfiguration, groupID: String?) {
        self.kafka = kafka
        self.groupID = groupID
    }

    var librdkafkaProperties: [String: String] {
        var typed = [
            "enable.auto.commit": "false",
            "enable.auto.offset.store": "false",
            "enable.partition.eof": "false",
            "auto.offset.reset": offsetReset.rawValue,
            "session.timeout.ms": String(sessionTimeoutMilliseconds),
            "heartbeat.interval.ms": String(max(100, sessionTimeoutMilliseconds / 5)),
            "partition.assignment.strategy": rebalanceProtocol == .eager ? "range,roundrobin" : "cooperative-sticky",
            "queued.max.messages.kbytes": String(prefetchKilobytes),
        ]
        // librdkafka's consumer needs a group id even for manual assignment.
        typed["group.id"] = groupID ?? "\(kafka.clientID)-unmanaged-\(UInt64.random(in: 0...UInt64.max))"
        return kafka.merged(with: typed)
    }
}
