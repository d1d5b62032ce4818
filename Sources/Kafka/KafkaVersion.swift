import CRDKafka

/// The librdkafka library this process actually loaded.
public enum KafkaVersion {
    /// The oldest librdkafka this project runs on: 2.0.x cannot parse newer brokers' ApiVersions responses.
    public static let minimum = (major: 2, minor: 3)

    /// The loaded version as text, e.g. `2.8.0`.
    public static var loaded: String { String(cString: rd_kafka_version_str()) }

    /// The loaded version as (major, minor, revision).
    public static var loadedComponents: (major: Int, minor: Int, revision: Int) {
        let v = Int(rd_kafka_version())
        return ((v >> 24) & 0xFF, (v >> 16) & 0xFF, (v >> 8) & 0xFF)
    }

    /// Throws unless the loaded librdkafka is at least ``minimum``.
    /// - Throws: ``KafkaError`` naming the loaded and required versions.
    public static func requireMinimum() throws(KafkaError) {
        let v = loadedComponents
        guard (v.major, v.minor) >= (minimum.major, minimum.minor) else {
            throw .client(
                "librdkafka \(loaded) is loaded, but \(minimum.major).\(minimum.minor) or newer is required "
                    + "(run scripts/setup.sh; `ldd` shows which librdkafka.so.1 the loader picks)"
            )
        }
    }
}
