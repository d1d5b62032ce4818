import Foundation
import Logging
import PensionDomain
import PensionPostgres
import PensionTestSupport

@testable import PensionStore

/// A fresh store location: a real SQLite file in a temporary directory (removed when the fixture is released), or
/// a fresh schema on the test PostgreSQL server.
final class StoreFixture {
    let backend: StoreBackend
    let location: StoreLocation

    init(_ backend: StoreBackend = .sqlite) throws {
        self.backend = backend
        location = try TestStores.location(backend, label: "store")
    }

    /// The SQLite file (SQLite fixtures only).
    var path: String {
        guard case .sqlite(let path) = location else { preconditionFailure("a SQLite fixture's path") }
        return path
    }

    var directory: URL { URL(fileURLWithPath: path).deletingLastPathComponent() }

    /// Opens (or reopens) the SQLite store on this fixture's file.
    func open() throws -> SQLiteStore {
        try SQLiteStore.open(path: path)
    }

    /// Opens (or reopens) the store on this fixture's backend.
    func store() async throws -> any InspectableStore {
        switch location {
        case .sqlite(let path): return try SQLiteStore.open(path: path)
        case .postgres(let url): return try await PostgresStore.open(url: url, logger: Logger(label: "test"))
        }
    }

    deinit {
        if case .sqlite = location { try? FileManager.default.removeItem(at: directory) }
    }
}

/// A store whose rows the tests can read, on either backend.
protocol InspectableStore: DriveStore {
    func enrollee(residentId: String) async throws -> EnrolleeRow?
    func rowCounts() async throws -> [String: Int]
}

extension SQLiteStore: InspectableStore {}
extension PostgresStore: InspectableStore {}

/// Test data builders.
enum Sample {
    static let townshipA = "510623101"
    static let townshipB = "510623102"
    static let topic = "registration.submitted"

    /// A valid 18-character resident ID; `sequence` 0...999 picks the person.
    static func residentID(_ sequence: Int) -> String {
        let digits = String(sequence)
        let first17 = "51062319560412" + String(repeating: "0", count: 3 - digits.count) + digits
        return first17 + String(ResidentID.checkCharacter(forFirst17: first17)!)
    }

    static func position(_ offset: Int64, topic: String = topic, partition: Int32 = 0) -> SourcePosition {
        SourcePosition(topic: topic, partition: partition, offset: offset)
    }

    static func registration(
        _ person: Int,
        event: UUID = UUID(),
        offset: Int64 = 0,
        township: String = townshipA,
        name: String? = nil,
        tier: Int = 200,
        phone: String? = "13800000000",
        occurredAt: Date = Date(timeIntervalSince1970: 1_767_225_600.123)
    ) -> RegistrationRecord {
        RegistrationRecord(
            eventId: event,
            source: position(offset),
            townshipCode: township,
            residentId: residentID(person),
            name: name ?? "张\(person)",
            sex: person % 2 == 1 ? .male : .female,
            ethnicity: "汉族",
            householdNumber: "H\(person / 3)",
            villageCode: township + "001",
            contributionTierYuan: tier,
            phone: phone,
            bankAccount: "6228480000000000\(person)",
            occurredAt: occurredAt
        )
    }

    static func verified(
        _ person: Int,
        event: UUID = UUID(),
        offset: Int64 = 0,
        township: String = townshipA
    ) -> VerificationRecord {
        VerificationRecord(
            eventId: event,
            source: position(offset, topic: "id.verification.requested"),
            townshipCode: township,
            residentId: residentID(person),
            decision: .verified(birthDate: CivilDate(year: 1956, month: 4, day: 12)!, sex: .male)
        )
    }

    static func rejected(
        _ person: Int,
        reason: String,
        event: UUID = UUID(),
        offset: Int64 = 0,
        township: String = townshipA
    ) -> VerificationRecord {
        VerificationRecord(
            eventId: event,
            source: position(offset, topic: "id.verification.requested"),
            townshipCode: township,
            residentId: residentID(person),
            decision: .rejected(reasonCode: reason)
        )
    }

    static func deadLetter(
        _ offset: Int64,
        stage: String = StoreStage.registration,
        township: String? = townshipA,
        topic: String = topic
    ) -> DeadLetterRecord {
        DeadLetterRecord(
            source: position(offset, topic: topic),
            stage: stage,
            townshipCode: township,
            errorCode: "bad_check_character",
            errorField: "payload.residentId"
        )
    }
}
