import Foundation
import PensionTestSupport
import Testing

@testable import PensionStore

/// The dead-letter tools' side of the store: listing with filters, claims that let a letter be replayed once, the
/// reveal audit.
@Suite struct DeadLetterReplayStoreTests {
    static func letter(
        _ offset: Int64, stage: String = StoreStage.registration, township: String? = Sample.townshipA,
        code: String = "invalid_value", replayOf: String? = nil
    ) -> DeadLetterRecord {
        DeadLetterRecord(
            source: SourcePosition(topic: "pension.\(stage)", partition: 4, offset: offset), stage: stage,
            townshipCode: township, errorCode: code, errorField: "payload.x", replayOf: replayOf)
    }

    static func filled(_ backend: StoreBackend) async throws -> (StoreFixture, any InspectableStore) {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()
        _ = try await store.applyRegistrations(
            [],
            deadLetters: [
                letter(1), letter(2, township: nil, code: "malformed_json"), letter(3, township: Sample.townshipB),
                letter(4, replayOf: "pension.registration:4:1"),
            ])
        _ = try await store.applyVerifications(
            [], deadLetters: [letter(1, stage: StoreStage.idVerification, code: "unknown_township")])
        return (fixture, store)
    }

    @Test("list filters by stage, reason, township and ID; letters come in position order with their record", arguments: StoreBackend.allCases)
    func filters(_ backend: StoreBackend) async throws {
        let (fixture, store) = try await Self.filled(backend)
        _ = fixture
        let before = Date().addingTimeInterval(-60)
        let all = try await store.deadLetters(matching: DeadLetterFilter())
        #expect(all.map(\.id) == [
            "pension.id-verification:4:1", "pension.registration:4:1", "pension.registration:4:2",
            "pension.registration:4:3", "pension.registration:4:4",
        ])
        #expect(all.allSatisfy { ($0.recordedAt ?? .distantPast) > before && $0.replay == nil })
        #expect(all.last?.record.replayOf == "pension.registration:4:1")

        let registration = try await store.deadLetters(matching: DeadLetterFilter(stage: StoreStage.registration))
        #expect(registration.count == 4)
        let invalid = try await store.deadLetters(matching: DeadLetterFilter(errorCode: "invalid_value"))
        #expect(invalid.map(\.record.source.offset) == [1, 3, 4])
        let townshipB = try await store.deadLetters(matching: DeadLetterFilter(townshipCode: Sample.townshipB))
        #expect(townshipB.map(\.id) == ["pension.registration:4:3"])
        let combined = try await store.deadLetters(
            matching: DeadLetterFilter(stage: StoreStage.registration, errorCode: "invalid_value", townshipCode: Sample.townshipA))
        #expect(combined.map(\.record.source.offset) == [1, 4])
        let byID = try await store.deadLetters(
            matching: DeadLetterFilter(letters: [SourcePosition(letterID: "pension.registration:4:2")!]))
        #expect(byID.map(\.record.errorCode) == ["malformed_json"])
        #expect(byID.first?.record.townshipCode == nil)
        #expect(try await store.deadLetterCodes() == ["invalid_value", "malformed_json", "unknown_township"])
    }

    @Test("a letter is claimed once; a second claim is told who and when; sent is final, an unconfirmed claim can be taken over", arguments: StoreBackend.allCases)
    func claims(_ backend: StoreBackend) async throws {
        let (fixture, store) = try await Self.filled(backend)
        _ = fixture
        let first = SourcePosition(letterID: "pension.registration:4:1")!
        let second = SourcePosition(letterID: "pension.registration:4:2")!
        let time = Date(timeIntervalSince1970: 1_322_000_000)

        #expect(try await store.claimReplay(of: first, by: "alice", at: time, takeUnconfirmed: false) == .claimed)
        let again = try await store.claimReplay(of: first, by: "bob", at: time, takeUnconfirmed: false)
        #expect(again == .taken(DeadLetterReplay(state: .claimed, by: "alice", claimedAt: time)))
        #expect(try await store.claimReplay(of: first, by: "bob", at: time, takeUnconfirmed: true) == .claimed)

        let sentTo = SourcePosition(topic: "pension.registration", partition: 4, offset: 99)
        try await store.markReplaySent(of: first, to: sentTo, at: time.addingTimeInterval(1))
        let sent = DeadLetterReplay(
            state: .sent, by: "bob", claimedAt: time, sentAt: time.addingTimeInterval(1), sentTo: sentTo)
        #expect(try await store.claimReplay(of: first, by: "carol", at: time, takeUnconfirmed: true) == .taken(sent))
        let listed = try await store.deadLetters(matching: DeadLetterFilter(letters: [first, second]))
        #expect(listed.map(\.replay) == [sent, nil])

        let unknown = SourcePosition(topic: "pension.registration", partition: 4, offset: 1000)
        #expect(try await store.claimReplay(of: unknown, by: "alice", at: time, takeUnconfirmed: false) == .unknown)
    }

    @Test("each unmasked view is an audit row", arguments: StoreBackend.allCases)
    func reveals(_ backend: StoreBackend) async throws {
        let (fixture, store) = try await Self.filled(backend)
        _ = fixture
        let letter = SourcePosition(letterID: "pension.registration:4:3")!
        let time = Date(timeIntervalSince1970: 1_322_000_000)
        #expect(try await store.reveals(of: letter).isEmpty)
        try await store.recordReveal(of: letter, by: "alice", at: time)
        try await store.recordReveal(of: letter, by: "bob", at: time.addingTimeInterval(5))
        #expect(try await store.reveals(of: letter) == [
            DeadLetterReveal(by: "alice", at: time), DeadLetterReveal(by: "bob", at: time.addingTimeInterval(5)),
        ])
        #expect(try await store.reveals(of: SourcePosition(letterID: "pension.registration:4:1")!).isEmpty)
    }

    @Test("letter IDs read back what they write and refuse anything else")
    func letterIDs() {
        let position = SourcePosition(topic: "pension.id-verification.results", partition: 12, offset: 3456)
        #expect(position.letterID == "pension.id-verification.results:12:3456")
        #expect(SourcePosition(letterID: position.letterID) == position)
        for bad in ["", "pension.registration", "pension.registration:12", ":1:2", "t:-1:2", "t:1:x", "t:1:2:3"] {
            #expect(SourcePosition(letterID: bad) == nil, "\(bad)")
        }
    }
}
