import Foundation
import Kafka
import PensionDomain
import PensionOperations
import PensionStore
import PensionTestSupport

/// A new store (SQLite in a temporary directory, or a PostgreSQL schema) with dead letters recorded, and their parked
/// messages.
final class DeadLetterToolFixture {
    let directory: URL?
    let store: any DriveStore
    let topics: TopicCatalog

    static let residentID = "51062319500101001X"
    static let name = "张三丰"
    static let phone = "13800001234"
    static let bankAccount = "6217000012345678"

    init(_ backend: StoreBackend) async throws {
        (store, directory) = try await temporaryStore(backend, label: "dlqtools")
        let config = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config/topics.json")
        topics = try TopicCatalog.load(from: config)
    }

    deinit { remove(directory) }

    /// A registration letter at offset `offset` of partition 4 of `pension.registration`.
    static func letter(_ offset: Int64, code: String = "invalid_value", township: String? = "510623101")
        -> DeadLetterRecord
    {
        DeadLetterRecord(
            source: SourcePosition(topic: "pension.registration", partition: 4, offset: offset), stage: "registration",
            townshipCode: township, errorCode: code, errorField: "payload.contributionTierYuan")
    }

    func record(_ letters: [DeadLetterRecord]) async throws {
        _ = try await store.applyRegistrations([], deadLetters: letters)
    }

    /// The form this fixture's letters carry, as the station sent it.
    static func form(tier: Int = 1200) throws -> EventEnvelope<RegistrationSubmitted> {
        EventEnvelope(
            townshipCode: "510623101",
            payload: RegistrationSubmitted(
                residentId: residentID, name: name, sex: .male, householdNumber: "H-1", villageCode: "510623101201",
                contributionTierYuan: tier, phone: phone, bankAccount: bankAccount))
    }

    /// The parked message of `letter`, as a stage writes it.
    static func parked(_ letter: DeadLetterRecord, dlqOffset: Int64, value: [UInt8]? = nil, truncated: Int? = nil) throws
        -> ParkedMessage
    {
        let form = try form()
        var headers = form.headers.map { KafkaHeader($0.name, $0.value) }
        headers += [
            KafkaHeader(WireHeaders.deadLetterSourceTopic, letter.source.topic),
            KafkaHeader(WireHeaders.deadLetterSourcePartition, String(letter.source.partition)),
            KafkaHeader(WireHeaders.deadLetterSourceOffset, String(letter.source.offset)),
            KafkaHeader(WireHeaders.deadLetterErrorCode, letter.errorCode),
            KafkaHeader(WireHeaders.deadLetterErrorMessage, "not a contribution tier on offer"),
        ]
        if let truncated { headers.append(KafkaHeader(WireHeaders.deadLetterValueTruncated, String(truncated))) }
        return ParkedMessage(
            position: SourcePosition(topic: "pension.dlq.registration", partition: 4, offset: dlqOffset),
            key: Array(residentID.utf8), value: try value ?? form.encodedBytes(), headers: headers)
    }
}
