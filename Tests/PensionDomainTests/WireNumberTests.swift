import Foundation
import PensionDomain
import Testing

/// Integers where the contract wants them: no overflow trap, no fraction or exponent, errors at the field.
@Suite struct WireNumberTests {
    private func registrationError(_ json: HandJSON) -> EventDecodingError? {
        WireEquivalence.check(json.bytes())
        return #expect(throws: EventDecodingError.self) {
            try WireDecoder.decode(RegistrationSubmitted.self, from: json.bytes())
        }
    }

    @Test(arguments: [
        "9999999999999999999", "9223372036854775808", "-9223372036854775809", "1" + String(repeating: "0", count: 40),
    ])
    func hugeIntegerInAnUnknownFieldIsIgnored(number: String) throws {
        var top = HandJSON.registration
        top["stationSerial"] = .raw(number)
        var nested = HandJSON.registration
        nested["payload"]?["stationSerial"] = .raw(number)
        for json in [top, nested] {
            WireEquivalence.check(json.bytes())
            let event = try WireDecoder.decode(RegistrationSubmitted.self, from: json.bytes())
            #expect(event.payload.contributionTierYuan == 100)
            #expect(try WireDecoder.header(of: json.bytes()).schemaVersion == 1)
        }
    }

    @Test(arguments: ["9999999999999999999", "9223372036854775808", "-9223372036854775809", "18446744073709551616"])
    func hugeIntegerInAKnownFieldIsInvalidThere(number: String) {
        var tier = HandJSON.registration
        tier["payload"]?["contributionTierYuan"] = .raw(number)
        let tierError = registrationError(tier)
        #expect(tierError?.code == .invalidValue)
        #expect(tierError?.field == "payload.contributionTierYuan")
        var version = HandJSON.registration
        version["schemaVersion"] = .raw(number)
        #expect(registrationError(version)?.field == "schemaVersion")
        let headerError = #expect(throws: EventDecodingError.self) { try WireDecoder.header(of: version.bytes()) }
        #expect(headerError?.code == .invalidValue)
        #expect(headerError?.field == "schemaVersion")
    }

    /// The fuzzer's find when the overflow was put back: a 19-digit number where a string belongs.
    @Test func hugeIntegerInAStringFieldIsWrongType() {
        var json = HandJSON.registration
        json["payload"]?["residentId"] = .raw("9999999999999999999")
        let error = registrationError(json)
        #expect(error?.code == .wrongType)
        #expect(error?.field == "payload.residentId")
        #expect(error?.message.contains("9999") == false)
    }

    @Test func integersAtTheEdgesOf64BitsAreRead() throws {
        for (text, value) in [("9223372036854775807", Int.max), ("-9223372036854775808", Int.min), ("-0", 0)] {
            var json = HandJSON.registration
            json["payload"]?["contributionTierYuan"] = .raw(text)
            WireEquivalence.check(json.bytes())
            let event = try WireDecoder.decode(RegistrationSubmitted.self, from: json.bytes())
            #expect(event.payload.contributionTierYuan == value)
        }
    }

    @Test(arguments: ["100.0", "1e2", "1E2", "1e+2", "100e0", "1.0e2", "1000e-1", "100.00000000000000000001"])
    func fractionOrExponentIsInvalidWhereAnIntegerBelongs(number: String) {
        var tier = HandJSON.registration
        tier["payload"]?["contributionTierYuan"] = .raw(number)
        let tierError = registrationError(tier)
        #expect(tierError?.code == .invalidValue)
        #expect(tierError?.field == "payload.contributionTierYuan")
        var version = HandJSON.registration
        version["schemaVersion"] = .raw(number == "100.0" ? "1.0" : "1e0")
        let versionError = registrationError(version)
        #expect(versionError?.code == .invalidValue)
        #expect(versionError?.field == "schemaVersion")
        let headerError = #expect(throws: EventDecodingError.self) { try WireDecoder.header(of: version.bytes()) }
        #expect(headerError?.code == .invalidValue)
        #expect(headerError?.field == "schemaVersion")
    }

    @Test func aDottedUnknownKeyIsNotTheIntegerField() throws {
        var json = HandJSON.registration
        json["payload.contributionTierYuan"] = .raw("1e2")
        json["payload"]?["[0]"] = .raw("1.5")
        WireEquivalence.check(json.bytes())
        let event = try WireDecoder.decode(RegistrationSubmitted.self, from: json.bytes())
        #expect(event.payload.contributionTierYuan == 100)
    }

    @Test func fractionsInUnknownFieldsAreIgnored() throws {
        var json = HandJSON.registration
        json["payload"]?["weight"] = .raw("1.5e300")
        json["ratio"] = .raw("0.25")
        WireEquivalence.check(json.bytes())
        #expect(try WireDecoder.decode(RegistrationSubmitted.self, from: json.bytes()).payload.name == "张三丰")
    }
}
