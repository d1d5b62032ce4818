import Foundation
import Kafka
import PensionDomain
import PensionPayouts
import PensionStore
import PensionTestSupport
import PensionWorkers
import Testing

/// A new store on either backend (a SQLite file in a temporary directory, or a fresh schema on the test PostgreSQL
/// server), with the eligibility handler over it and helpers to enroll, register and verify residents the way the
/// pipeline would.
final class EligibilityFixture {
    static let township = "510623101"
    static let village = "510623101201"

    let location: StoreLocation
    let store: any DriveStore
    let handler: EligibilityHandler
    let plan: PartitionPlan
    private var offset: Int64 = 0

    init(_ backend: StoreBackend = .sqlite, rules: PensionRules = PensionRules()) async throws {
        location = try TestStores.location(backend, label: "payouts")
        store = try await TestStores.open(location)
        let townships = try TownshipCatalog.load(from: Self.configURL("townships.json"))
        plan = try PartitionPlan.load(from: Self.configURL("partition-plan.json"), townships: townships)
        handler = try EligibilityHandler(
            topics: try TopicCatalog.load(from: Self.configURL("topics.json")), store: store, rules: rules, plan: plan)
    }

    /// The SQLite file (SQLite fixtures only).
    var sqlitePath: String {
        guard case .sqlite(let path) = location else { preconditionFailure("a SQLite fixture's path") }
        return path
    }

    deinit {
        let store = store
        Task { try? await store.close() }
        if case .sqlite(let path) = location {
            try? FileManager.default.removeItem(at: URL(fileURLWithPath: path).deletingLastPathComponent())
        }
    }

    static func configURL(_ file: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config").appendingPathComponent(file)
    }

    /// A valid resident ID born on `birth` (`YYYYMMDD`), `sequence` 1...999.
    static func residentID(born birth: String, _ sequence: Int) -> String {
        let digits = String(sequence)
        let first17 = "510623" + birth + String(repeating: "0", count: 3 - digits.count) + digits
        return first17 + String(ResidentID.checkCharacter(forFirst17: first17)!)
    }

    static func birthDate(of residentId: String) -> CivilDate {
        try! ResidentID.parse(residentId).birthDate
    }

    /// Puts people into the household register (with relationship, sex and birth date from the ID).
    func register(
        household: String, _ members: [(String, HouseholdRelationship)], exempt: [String: BindingExemption] = [:]
    ) async throws {
        try await store.loadHouseholdRegister(members.map { id, relationship in
            HouseholdMember(
                householdNumber: household, residentId: id, name: "王" + String(id.suffix(2)),
                relationship: relationship, sex: try! ResidentID.parse(id).sex, birthDate: Self.birthDate(of: id),
                exemption: exempt[id])
        })
    }

    /// Applies a registration for the resident (the enrollee row the eligibility stage reads).
    func enroll(_ id: String, household: String, bankAccount: String? = nil) async throws {
        offset += 1
        _ = try await store.applyRegistrations([RegistrationRecord(
            eventId: UUID(), source: SourcePosition(topic: "pension.registration", partition: 0, offset: offset),
            townshipCode: Self.township, residentId: id, name: "王" + String(id.suffix(2)),
            sex: try! ResidentID.parse(id).sex, householdNumber: household, villageCode: Self.village,
            contributionTierYuan: 200, bankAccount: bankAccount, occurredAt: Date(timeIntervalSince1970: 1_321_000_000)
        )], deadLetters: [])
    }

    /// An `id.verified` event for the resident.
    func verified(_ id: String, eventId: UUID = UUID(), day: Int = 20) -> EligibilityEvent {
        let moment = Date(timeIntervalSince1970: 1_321_574_400 + Double(day - 18) * 86_400 + 3_600)  // 2011-11-18 09:00 +08
        return .verified(EventEnvelope(
            eventId: eventId, occurredAt: moment, townshipCode: Self.township,
            payload: IDVerified(residentId: id, birthDate: Self.birthDate(of: id), sex: try! ResidentID.parse(id).sex,
                                villageCode: Self.village, requestEventId: UUID())))
    }

    /// An `id.rejected` event for the resident.
    func rejected(_ id: String) -> EligibilityEvent {
        .rejected(EventEnvelope(
            eventId: UUID(), occurredAt: Date(timeIntervalSince1970: 1_321_600_000), townshipCode: Self.township,
            payload: IDRejected(residentId: id, reasonCode: "household_mismatch", villageCode: Self.village,
                                requestEventId: UUID())))
    }

    /// Runs events through the handler as one batch (decide, apply) and returns, per event, the follow-ups the
    /// runtime would produce: the new ones for an event applied now, the stored ones for a repeat.
    func process(_ events: [EligibilityEvent]) async throws -> [[Produced]] {
        try await apply(decide(events))
    }

    /// The events as the handler decides them, at the next offsets, not applied yet.
    func decide(_ events: [EligibilityEvent]) throws -> [StageEvent<EligibilityRecord>] {
        try events.map { event in
            offset += 1
            let decision = try handler.decide(
                event, at: SourcePosition(topic: handler.inputTopic, partition: 1, offset: offset), context: ())
            return StageEvent(record: decision.record, outbox: try decision.followUps.map { try $0.placed(by: plan) })
        }
    }

    /// Applies decided events as one batch and returns, per event, the follow-ups the runtime would produce.
    func apply(_ stageEvents: [StageEvent<EligibilityRecord>]) async throws -> [[Produced]] {
        try await Self.apply(stageEvents, with: handler)
    }

    static func apply(_ stageEvents: [StageEvent<EligibilityRecord>], with handler: EligibilityHandler) async throws
        -> [[Produced]]
    {
        let results = try await handler.apply(StageBatch(events: stageEvents))
        return zip(stageEvents, results).map { event, result in
            let outbox: [OutboxMessage]
            switch result {
            case .applied(let outcome): outbox = handler.followUps(applied: outcome, decided: event.outbox)
            case .alreadyApplied(let stored): outbox = stored
            }
            return outbox.map(Produced.init)
        }
    }

    func process(_ event: EligibilityEvent) async throws -> [Produced] {
        try await process([event])[0]
    }
}

/// A produced follow-up, decoded.
struct Produced: Equatable {
    let topic: String
    let key: String
    let type: String
    let eventId: UUID
    let value: [UInt8]

    init(_ message: OutboxMessage) {
        topic = message.topic
        key = String(decoding: message.key, as: UTF8.self)
        let header = try! WireDecoder.header(of: message.value)
        type = header.type
        eventId = header.eventId
        value = message.value
    }

    func payload<P: EventPayload>(_ type: P.Type) throws -> P {
        try WireDecoder.decode(type, from: value).payload
    }
}
