/// A librdkafka property that raw ``KafkaConfiguration/properties`` may not set, or may set only to a safe value,
/// because a typed setting owns it or the delivery guarantee depends on it.
struct ProtectedProperty: Sendable {
    /// The property and its librdkafka aliases.
    let names: [String]
    /// Why it is protected, for the error.
    let reason: String
    /// Whether a raw value is allowed.
    let accepts: @Sendable (String) -> Bool

    /// A property a typed setting owns: never accepted raw.
    static func typed(_ names: String..., by setting: String) -> ProtectedProperty {
        ProtectedProperty(names: names, reason: "it is set by the typed setting \(setting)") { _ in false }
    }

    /// A boolean property accepted only with the value the typed configuration sets.
    static func flag(_ name: String, mustBe expected: Bool, because reason: String) -> ProtectedProperty {
        ProtectedProperty(names: [name], reason: "only \(expected) is allowed: \(reason)") { boolean($0) == expected }
    }

    /// librdkafka's reading of a boolean property (`true`/`t`/`1`, `false`/`f`/`0`, case-insensitive).
    static func boolean(_ value: String) -> Bool? {
        switch value.lowercased() {
        case "true", "t", "1": true
        case "false", "f", "0": false
        default: nil
        }
    }

    /// Properties every client refuses raw.
    static let shared: [ProtectedProperty] = [
        .typed("bootstrap.servers", "metadata.broker.list", by: "KafkaConfiguration.bootstrapServers"),
        .typed("client.id", by: "KafkaConfiguration.clientID"),
    ]

    /// Properties a consumer refuses raw, beside ``shared``.
    static let consumer: [ProtectedProperty] = [
        .flag(
            "enable.auto.commit", mustBe: false,
            because: "offsets are committed only for messages marked processed, never on a timer"
        ),
        .flag(
            "enable.auto.offset.store", mustBe: false,
            because: "only markProcessed(_:) stores offsets; librdkafka would store those of messages not yet processed"
        ),
        .flag(
            "enable.partition.eof", mustBe: false,
            because: "end-of-partition events are not messages and would reach the batch reader as consumer errors"
        ),
        .typed("group.id", by: "KafkaConsumerConfiguration.groupID"),
        .typed("queued.max.messages.kbytes", by: "KafkaConsumerConfiguration.prefetchKilobytes"),
        ProtectedProperty(
            names: ["isolation.level"],
            reason: "only read_committed is allowed: read_uncommitted hands out records of aborted transactions"
        ) { $0 == "read_committed" },
    ]

    /// Properties a producer refuses raw, beside ``shared``.
    static let producer: [ProtectedProperty] = [
        ProtectedProperty(
            names: ["enable.idempotence"],
            reason: "only true is allowed raw: without idempotence a retry may duplicate or reorder messages "
                + "(KafkaProducerConfiguration.idempotence is the typed switch)"
        ) { boolean($0) == true },
        ProtectedProperty(
            names: ["acks", "request.required.acks"],
            reason: "only all or -1 is allowed: a delivery report must mean every in-sync replica has the message"
        ) { $0 == "all" || $0 == "-1" },
        ProtectedProperty(
            names: ["max.in.flight.requests.per.connection", "max.in.flight"],
            reason: "only 1 to 5 is allowed: more in-flight requests lose ordering on retries"
        ) { Int($0).map { (1...5).contains($0) } ?? false },
        .typed(
            "message.timeout.ms", "delivery.timeout.ms", by: "KafkaProducerConfiguration.deliveryTimeoutMilliseconds"
        ),
        .typed("message.max.bytes", by: "KafkaProducerConfiguration.maxMessageBytes"),
    ]
}

extension KafkaConfiguration {
    /// Throws for the first raw property (in name order) that `protected` or ``ProtectedProperty/shared`` refuses.
    func refuseProtected(_ protected: [ProtectedProperty]) throws(KafkaError) {
        let rules = ProtectedProperty.shared + protected
        for (key, value) in properties.sorted(by: { $0.key < $1.key }) {
            guard let rule = rules.first(where: { $0.names.contains(key) }), !rule.accepts(value) else { continue }
            throw .client("librdkafka property \(key)=\(value) is refused: \(rule.reason)")
        }
    }
}

extension KafkaConsumerConfiguration {
    /// The librdkafka properties, after refusing protected raw properties.
    func checkedProperties() throws(KafkaError) -> [String: String] {
        try kafka.refuseProtected(ProtectedProperty.consumer)
        return librdkafkaProperties
    }
}

extension KafkaProducerConfiguration {
    /// The librdkafka properties, after refusing protected raw properties.
    func checkedProperties() throws(KafkaError) -> [String: String] {
        try kafka.refuseProtected(ProtectedProperty.producer)
        return librdkafkaProperties
    }
}
