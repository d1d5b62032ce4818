import Foundation
import PensionDomain
import Testing

@testable import PensionWorkers

@Suite struct RegistrationRulesTests {
    static let rules: RegistrationRules = {
        let config = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config/townships.json")
        return RegistrationRules(townships: try! TownshipCatalog.load(from: config), tiers: [100, 200, 300])
    }()

    static func event(
        township: String = "510623100", residentId: String = "51062319510213001X", name: String = "张三",
        household: String = "H0001", village: String = "510623100001", tier: Int = 100, phone: String? = "13800000000"
    ) -> EventEnvelope<RegistrationSubmitted> {
        EventEnvelope(townshipCode: township, payload: RegistrationSubmitted(
            residentId: residentId, name: name, sex: .male, householdNumber: household, villageCode: village,
            contributionTierYuan: tier, phone: phone
        ))
    }

    /// The field an invalid form is reported at, or nil when the form passes.
    static func field(_ event: EventEnvelope<RegistrationSubmitted>) -> String? {
        do {
            try rules.check(event)
            return nil
        } catch {
            #expect(error.code == .invalidValue)
            return error.field
        }
    }

    @Test(arguments: [
        "51062319510213001X", "51062319510213001x", "510623195102130011", "510623510213001",
        " 51062319510213001X\t", "\u{3000}51062319510213001X\u{3000}", "510623195102130019",
        // Wrong length, letters, full-width digits: recorded here, rejected with a reason by ID verification.
        "51062319510213001", "5106231951021300111", "51062319510213001Y", "５１０６２３１９５１０２１３００１X",
        "51062319510213 001X", String(repeating: "9", count: 32),
    ])
    func idsThatAreRecorded(id: String) {
        #expect(Self.field(Self.event(residentId: id)) == nil)
    }

    @Test(arguments: ["", "   ", "\u{3000}\t"])
    func idsThatCannotBeRecorded(id: String) {
        #expect(Self.field(Self.event(residentId: id)) == "payload.residentId")
    }

    @Test func everyOtherFieldIsNamed() {
        #expect(Self.field(Self.event(township: "510623999")) == "townshipCode")
        #expect(Self.field(Self.event(name: " \u{3000}\t")) == "payload.name")
        #expect(Self.field(Self.event(name: "")) == "payload.name")
        #expect(Self.field(Self.event(name: String(repeating: "张", count: 41))) == "payload.name")
        #expect(Self.field(Self.event(name: String(repeating: "张", count: 40))) == nil)
        #expect(Self.field(Self.event(household: "")) == "payload.householdNumber")
        #expect(Self.field(Self.event(household: String(repeating: "户", count: 33))) == "payload.householdNumber")
        #expect(Self.field(Self.event(household: String(repeating: "户", count: 32))) == nil)
        #expect(Self.field(Self.event(village: "510623101001")) == "payload.villageCode")
        #expect(Self.field(Self.event(village: "51062310000")) == "payload.villageCode")
        #expect(Self.field(Self.event(village: "51062310000A")) == "payload.villageCode")
        #expect(Self.field(Self.event(tier: 150)) == "payload.contributionTierYuan")
        #expect(Self.field(Self.event(phone: "123456")) == "payload.phone")
        #expect(Self.field(Self.event(phone: "1234567890123456")) == "payload.phone")
        #expect(Self.field(Self.event(phone: "138-0000-0000")) == "payload.phone")
        #expect(Self.field(Self.event(phone: nil)) == nil)
    }

    @Test func whitespaceIsCharacterSetWhitespaces() {
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(RegistrationRules.isWhitespace(scalar) == CharacterSet.whitespaces.contains(scalar), "U+\(String(value, radix: 16))")
        }
    }
}
