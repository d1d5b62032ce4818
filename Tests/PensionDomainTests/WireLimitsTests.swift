import Foundation
import PensionDomain
import Testing

/// Every limit of ``WireLimits``, just under and just over, on both decoding paths.
@Suite struct WireLimitsTests {
    private func decodeError<P: EventPayload & Equatable>(_ type: P.Type, _ json: HandJSON) -> EventDecodingError? {
        WireEquivalence.check(json.bytes())
        return #expect(throws: EventDecodingError.self) { try WireDecoder.decode(P.self, from: json.bytes()) }
    }

    private func decodes<P: EventPayload & Equatable>(_ type: P.Type, _ json: HandJSON) {
        WireEquivalence.check(json.bytes())
        #expect(throws: Never.self) { try WireDecoder.decode(P.self, from: json.bytes()) }
    }

    /// A JSON string value of exactly `bytes` bytes, quotes included.
    private func stringValue(bytes: Int) -> HandJSON {
        .string(String(repeating: "a", count: bytes - 2))
    }

    private static let textFields: [(String, String, WireTextLimit, Bool)] = [
        (RegistrationSubmitted.eventType, "residentId", WireLimits.residentId, true),
        (RegistrationSubmitted.eventType, "name", WireLimits.name, true),
        (RegistrationSubmitted.eventType, "ethnicity", WireLimits.ethnicity, false),
        (RegistrationSubmitted.eventType, "householdNumber", WireLimits.householdNumber, true),
        (RegistrationSubmitted.eventType, "villageCode", WireLimits.villageCode, true),
        (RegistrationSubmitted.eventType, "phone", WireLimits.phone, false),
        (RegistrationSubmitted.eventType, "bankAccount", WireLimits.bankAccount, false),
        (RegistrationSubmitted.eventType, "stationId", WireLimits.stationId, false),
        (IDVerificationRequested.eventType, "residentId", WireLimits.residentId, true),
        (IDVerificationRequested.eventType, "householdNumber", WireLimits.householdNumber, true),
        (IDVerificationRequested.eventType, "villageCode", WireLimits.villageCode, true),
        (IDVerified.eventType, "residentId", WireLimits.residentId, true),
        (IDVerified.eventType, "villageCode", WireLimits.villageCode, true),
        (IDRejected.eventType, "residentId", WireLimits.residentId, true),
        (IDRejected.eventType, "reasonCode", WireLimits.reasonCode, true),
        (IDRejected.eventType, "villageCode", WireLimits.villageCode, true),
    ]

    /// Decodes `json` as the payload type named `type`; returns the error, or `nil` when it decodes.
    private func outcome(_ type: String, _ json: HandJSON) -> EventDecodingError? {
        WireEquivalence.check(json.bytes())
        do {
            let bytes = json.bytes()
            switch type {
            case RegistrationSubmitted.eventType: _ = try WireDecoder.decode(RegistrationSubmitted.self, from: bytes)
            case IDVerificationRequested.eventType:
                _ = try WireDecoder.decode(IDVerificationRequested.self, from: bytes)
            case IDVerified.eventType: _ = try WireDecoder.decode(IDVerified.self, from: bytes)
            default: _ = try WireDecoder.decode(IDRejected.self, from: bytes)
            }
            return nil
        } catch {
            return error
        }
    }

    @Test func everyKnownTextFieldHasItsLimit() throws {
        for (type, field, limit, required) in Self.textFields {
            let base = try #require(HandJSON.all.first { $0["type"]?.text() == "\"\(type)\"" })
            var json = base
            json["payload"]?[field] = .string(String(repeating: "7", count: limit.characters))
            #expect(outcome(type, json) == nil, "\(type) \(field)")
            json["payload"]?[field] = .string(String(repeating: "7", count: limit.characters + 1))
            let error = outcome(type, json)
            #expect(error?.code == .invalidValue, "\(type) \(field)")
            #expect(error?.field == "payload.\(field)")
            #expect(error?.message.contains("7777") == false)
            // Characters, not bytes: Chinese text of the limit's length passes, one more character does not.
            json["payload"]?[field] = .string(String(repeating: "张", count: limit.characters))
            #expect(outcome(type, json) == nil, "\(type) \(field)")
            json["payload"]?[field] = .string(String(repeating: "张", count: limit.characters + 1))
            #expect(outcome(type, json)?.field == "payload.\(field)")
            // One character of many bytes counts against the byte limit.
            json["payload"]?[field] = .string("e" + String(repeating: "\u{301}", count: limit.bytes / 2))
            #expect(outcome(type, json)?.field == "payload.\(field)", "\(type) \(field)")
            if !required {
                json["payload"]?[field] = .raw("null")
                #expect(outcome(type, json) == nil)
            }
        }
    }

    @Test func eventTypeHasItsLimit() {
        var json = HandJSON.registration
        json["type"] = .string(String(repeating: "t", count: WireLimits.eventType.characters + 1))
        let error = #expect(throws: EventDecodingError.self) { try WireDecoder.header(of: json.bytes()) }
        #expect(error?.code == .invalidValue)
        #expect(error?.field == "type")
        json["type"] = .string(String(repeating: "t", count: WireLimits.eventType.characters))
        #expect(throws: Never.self) { try WireDecoder.header(of: json.bytes()) }
        WireEquivalence.check(json.bytes())
    }

    @Test func optionalFieldsOf900KilobytesAreRefused() {
        for field in ["ethnicity", "bankAccount"] {
            var json = HandJSON.registration
            json["payload"]?[field] = .string(String(repeating: "x", count: 900_000))
            let error = decodeError(RegistrationSubmitted.self, json)
            #expect(error?.code == .tooLarge)
            #expect(error?.field == nil)
        }
    }

    @Test func knownFieldOverTheValueLimitIsTooLarge() {
        var json = HandJSON.registration
        json["payload"]?["ethnicity"] = stringValue(bytes: WireLimits.maxValueBytes + 1)
        let error = decodeError(RegistrationSubmitted.self, json)
        #expect(error?.code == .tooLarge)
        #expect(error?.field == "payload.ethnicity")
    }

    @Test func messageSize() {
        let padded = HandJSON.registration.bytes() + Array(repeating: UInt8(ascii: " "), count: 70_000)
        WireEquivalence.check(padded)
        let error = #expect(throws: EventDecodingError.self) { try WireDecoder.header(of: padded) }
        #expect(error?.code == .tooLarge)
        #expect(error?.field == nil)
        let bytes = HandJSON.registration.bytes()
        let exact = bytes + Array(repeating: UInt8(ascii: " "), count: WireLimits.maxMessageBytes - bytes.count)
        #expect(WireEquivalence.check(exact).contains("header"))
        #expect(throws: EventDecodingError.self) { try WireDecoder.header(of: exact + [UInt8(ascii: " ")]) }
    }

    @Test func unknownFieldValueSize() {
        for inPayload in [false, true] {
            let path = inPayload ? "payload.note" : "note"
            for value in [
                stringValue(bytes: WireLimits.maxValueBytes), .raw("[" + String(repeating: "1,", count: 510) + "1]"),
                .raw("{\"a\":" + stringValue(bytes: WireLimits.maxValueBytes - 6).text() + "}"),
            ] {
                var json = HandJSON.registration
                if inPayload { json["payload"]?["note"] = value } else { json["note"] = value }
                decodes(RegistrationSubmitted.self, json)
            }
            for value in [
                stringValue(bytes: WireLimits.maxValueBytes + 1),
                .raw("[" + String(repeating: "1,", count: 511) + "1]"),
                .raw("{\"a\":" + stringValue(bytes: WireLimits.maxValueBytes - 5).text() + "}"),
                .raw(String(repeating: "1", count: WireLimits.maxValueBytes + 1)),
            ] {
                var json = HandJSON.registration
                if inPayload { json["payload"]?["note"] = value } else { json["note"] = value }
                let error = decodeError(RegistrationSubmitted.self, json)
                #expect(error?.code == .tooLarge)
                #expect(error?.field == path)
            }
        }
    }

    @Test func payloadIsBoundOnlyByTheMessageSize() {
        var json = HandJSON.registration
        for index in 0..<8 {
            json["payload"]?["note\(index)"] = stringValue(bytes: 1000)
        }
        decodes(RegistrationSubmitted.self, json)
    }

    @Test func fieldNameSize() {
        var json = HandJSON.registration
        json[String(repeating: "k", count: WireLimits.maxKeyBytes)] = .raw("1")
        decodes(RegistrationSubmitted.self, json)
        json["payload"]?[String(repeating: "k", count: WireLimits.maxKeyBytes + 1)] = .raw("1")
        let error = decodeError(RegistrationSubmitted.self, json)
        #expect(error?.code == .tooLarge)
        #expect(error?.field == "payload")
    }

    @Test func fieldCount() {
        // The registration has 6 envelope and 10 payload fields.
        var json = HandJSON.registration
        for index in 0..<(WireLimits.maxFields - 16) {
            json["payload"]?["x\(index)"] = .raw("null")
        }
        decodes(RegistrationSubmitted.self, json)
        json["y"] = .raw("{}")
        let error = decodeError(RegistrationSubmitted.self, json)
        #expect(error?.code == .tooLarge)
        #expect(error?.field == nil)
    }

    @Test func nestingDepth() {
        // The message is level 1 and `payload` level 2, so `payload.deep` may hold 6 more levels.
        let levels = WireLimits.maxDepth - 2
        let allowed = String(repeating: "[", count: levels) + String(repeating: "]", count: levels)
        var json = HandJSON.registration
        json["payload"]?["deep"] = .raw(allowed)
        decodes(RegistrationSubmitted.self, json)
        json["payload"]?["deep"] = .raw("[" + allowed + "]")
        let error = decodeError(RegistrationSubmitted.self, json)
        #expect(error?.code == .tooLarge)
        #expect(error?.field == "payload.deep" + String(repeating: "[0]", count: WireLimits.maxDepth - 2))
        let bomb = Array(repeating: UInt8(ascii: "["), count: 60_000)
        WireEquivalence.check(bomb)
        #expect(throws: EventDecodingError.self) { try WireDecoder.header(of: bomb) }
    }
}
