import Foundation
import PensionDomain
import Testing

/// What Foundation's JSON reader lets through and the contract does not: duplicate keys, a byte order mark, a
/// message that is not an object.
@Suite struct WireStrictnessTests {
    private func errors(_ bytes: [UInt8]) -> [EventDecodingError?] {
        WireEquivalence.check(bytes)
        let header = #expect(throws: EventDecodingError.self) { try WireDecoder.header(of: bytes) }
        let event = #expect(throws: EventDecodingError.self) {
            try WireDecoder.decode(RegistrationSubmitted.self, from: Data(bytes))
        }
        return [header, event]
    }

    @Test func duplicateKeysAreMalformedAtTheirPath() {
        let cases: [(HandJSON, String)] = [
            (HandJSON.registration.appending("eventId", .string("0B8E4A52-71C9-4D0E-8F3A-5A6B7C8D9E0F")), "eventId"),
            (HandJSON.registration.appending("townshipCode", .string("510623100")), "townshipCode"),
            (HandJSON.registration.appending("x", .raw("1")).appending("x", .raw("1")), "x"),
            (HandJSON.registration.appending("\\u0074ype", .string("id.verified")), "type"),
            (HandJSON.registration.appending("trace", .raw(#"{"a":1,"a":2}"#)), "trace.a"),
            (HandJSON.registration.appending("list", .raw(#"[{"a":1},{"b":1,"b":2}]"#)), "list[1].b"),
        ]
        for (json, field) in cases {
            for error in errors(json.bytes()) {
                #expect(error?.code == .malformedJSON, "\(field)")
                #expect(error?.field == field)
            }
        }
        var payload = HandJSON.registration
        payload["payload"] = payload["payload"]?.appending("residentId", .string("110105194912310020"))
        let error = #expect(throws: EventDecodingError.self) {
            try WireDecoder.decode(RegistrationSubmitted.self, from: payload.bytes())
        }
        #expect(error?.code == .malformedJSON)
        #expect(error?.field == "payload.residentId")
        #expect(error?.message.contains("110105") == false)
    }

    @Test func byteOrderMarkIsMalformed() {
        for base in HandJSON.all {
            for error in errors([0xEF, 0xBB, 0xBF] + base.bytes()) {
                #expect(error?.code == .malformedJSON)
                #expect(error?.field == nil)
            }
        }
    }

    @Test(arguments: ["null", " null ", "[]", "[{}]", #""registration.submitted""#, "1", "-1.5e3", "true", "false"])
    func topLevelNonObjectIsWrongType(text: String) {
        for error in errors(Array(text.utf8)) {
            #expect(error?.code == .wrongType)
            #expect(error?.field == nil)
        }
    }

    @Test(arguments: [
        "nul", "[1", "{\"a\":1}x", "\"a", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00\"}", "{\"a\":\"\\ud800\\u0041\"}",
        "{\"a\":\"\\x\"}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e}", "{\"a\":-}", "{\"a\":[1,]}",
        "{\"a\":NaN}", "[1]]", "\u{0}{}", "{\"a\":\"\u{1}\"}",
    ])
    func invalidJSONIsMalformed(text: String) {
        for error in errors(Array(text.utf8)) {
            #expect(error?.code == .malformedJSON, "\(text)")
            #expect(error?.field == nil)
        }
    }

    @Test func utf16IsMalformed() {
        let utf16 = Array(String(decoding: HandJSON.registration.bytes(), as: UTF8.self).utf16)
        let bytes = utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        for error in errors(bytes) + errors([0xFF, 0xFE] + bytes) {
            #expect(error?.code == .malformedJSON)
        }
    }

    @Test func escapedValidMessagesStillDecode() throws {
        var json = HandJSON.registration
        json["payload"]?["name"] = .string("\\u5f20\\u4e09\\u4e30")
        json["payload"]?["emoji"] = .string("\\ud83d\\ude00")
        WireEquivalence.check(json.bytes())
        #expect(try WireDecoder.decode(RegistrationSubmitted.self, from: json.bytes()).payload.name == "张三丰")
    }
}
