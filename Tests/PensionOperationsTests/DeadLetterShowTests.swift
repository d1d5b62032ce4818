import Foundation
import Kafka
import PensionDomain
import PensionOperations
import PensionStore
import PensionTestSupport
import Testing

@Suite("dlq show: personal data masked unless revealed, and a reveal is recorded")
struct DeadLetterShowTests {
    static func show(_ fixture: DeadLetterToolFixture, _ id: String, reveal: Bool, parked: [SourcePosition: ParkedMessage])
        async throws -> String
    {
        try await DeadLetterView.show(
            id, reveal: reveal, by: "alice", store: fixture.store, topics: fixture.topics,
            location: { _ in TopicPartition("pension.dlq.registration", 4) }, find: { _ in parked }
        ).joined(separator: "\n")
    }

    @Test("masked: no resident ID, name, phone or card in the output; no audit row", arguments: StoreBackend.allCases)
    func masked(_ backend: StoreBackend) async throws {
        let fixture = try await DeadLetterToolFixture(backend)
        let letter = DeadLetterToolFixture.letter(7)
        try await fixture.record([letter])
        let parked = try DeadLetterToolFixture.parked(letter, dlqOffset: 2)
        let text = try await Self.show(fixture, "pension.registration:4:7", reveal: false, parked: [letter.source: parked])

        for secret in [
            DeadLetterToolFixture.residentID, DeadLetterToolFixture.name, DeadLetterToolFixture.phone,
            DeadLetterToolFixture.bankAccount,
        ] {
            #expect(!text.contains(secret), "\(Masking.name(secret)) leaked")
        }
        #expect(text.contains(Masking.residentID(DeadLetterToolFixture.residentID)))
        #expect(text.contains("\"name\" : \"张**\""))
        #expect(text.contains("************5678"))
        #expect(text.contains("reason    invalid_value at payload.contributionTierYuan"))
        #expect(text.contains("parked    pension.dlq.registration[4] offset 2"))
        #expect(text.contains("dlq-error-code: invalid_value"))
        #expect(text.contains("\"contributionTierYuan\" : 1200"))
        #expect(try await fixture.store.reveals(of: letter.source).isEmpty)
    }

    @Test("revealed: the values as sent, and an audit row with who", arguments: StoreBackend.allCases)
    func revealed(_ backend: StoreBackend) async throws {
        let fixture = try await DeadLetterToolFixture(backend)
        let letter = DeadLetterToolFixture.letter(7)
        try await fixture.record([letter])
        let parked = try DeadLetterToolFixture.parked(letter, dlqOffset: 2)
        let text = try await Self.show(fixture, "pension.registration:4:7", reveal: true, parked: [letter.source: parked])

        #expect(text.contains(DeadLetterToolFixture.residentID))
        #expect(text.contains(DeadLetterToolFixture.name))
        #expect(text.contains(DeadLetterToolFixture.bankAccount))
        #expect(try await fixture.store.reveals(of: letter.source).map(\.by) == ["alice"])
    }

    @Test("a value that is not JSON is not printed unless revealed", arguments: StoreBackend.allCases)
    func unreadable(_ backend: StoreBackend) async throws {
        let fixture = try await DeadLetterToolFixture(backend)
        let letter = DeadLetterToolFixture.letter(8, code: "malformed_json")
        try await fixture.record([letter])
        let raw = Array("{\"residentId\":\"\(DeadLetterToolFixture.residentID)\",".utf8)
        let parked = try DeadLetterToolFixture.parked(letter, dlqOffset: 3, value: raw)
        let text = try await Self.show(fixture, "pension.registration:4:8", reveal: false, parked: [letter.source: parked])
        #expect(!text.contains(DeadLetterToolFixture.residentID))
        #expect(text.contains("not a readable JSON object"))
    }

    @Test("unknown and malformed IDs are one plain error each", arguments: StoreBackend.allCases)
    func unknownID(_ backend: StoreBackend) async throws {
        let fixture = try await DeadLetterToolFixture(backend)
        try await fixture.record([DeadLetterToolFixture.letter(7)])
        await #expect(throws: DeadLetterToolError("no dead letter pension.registration:4:9")) {
            _ = try await Self.show(fixture, "pension.registration:4:9", reveal: false, parked: [:])
        }
        await #expect(throws: DeadLetterToolError("not a dead-letter ID: 12 (expected topic:partition:offset)")) {
            _ = try await Self.show(fixture, "12", reveal: true, parked: [:])
        }
        #expect(try await fixture.store.reveals(of: DeadLetterToolFixture.letter(9).source).isEmpty)
    }
}

extension DeadLetterToolError: Equatable {
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.description == rhs.description }
}
