import Foundation
import PensionDomain

/// Sample events for the wire tests.
enum WireSamples {
    static let residentId = "510623195103121236"
    static let name = "张三丰"
    static let eventId = UUID(uuidString: "6F1C2B7E-3D4A-4F6B-9E1A-2C3D4E5F6A7B")!
    static let requestId = UUID(uuidString: "0B8E4A52-71C9-4D0E-8F3A-5A6B7C8D9E0F")!
    /// 2011-11-20T09:30:00+08:00, computed with Foundation's calendar rather than the module's arithmetic.
    static let occurredAt: Date = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        return calendar.date(from: DateComponents(year: 2011, month: 11, day: 20, hour: 9, minute: 30))!
    }()

    static let registration = RegistrationSubmitted(
        residentId: residentId,
        name: name,
        sex: .male,
        ethnicity: "汉族",
        householdNumber: "510623-0012345",
        villageCode: "510623100201",
        contributionTierYuan: 100,
        phone: "13800000000",
        bankAccount: "6228480000000000000",
        stationId: "kaijiang-01"
    )

    static func envelope<P: EventPayload>(_ payload: P) -> EventEnvelope<P> {
        EventEnvelope(eventId: eventId, occurredAt: occurredAt, townshipCode: "510623100", payload: payload)
    }

    static func registrationData() throws -> Data {
        try envelope(registration).encoded()
    }
}
