import Foundation
import PensionDomain

@testable import PensionStore

/// A fresh temporary directory holding a real SQLite file; removed when the fixture is released.
final class StoreFixture {
    let directory: URL
    let path: String

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("PensionStoreTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("pension.sqlite").path
    }

    /// Opens (or reopens) the store on this fixture's file.
    func open() throws -> SQLiteStore {
        try SQLiteStore.open(path: path)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }
}

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
