import Foundation
import Testing

@testable import PensionDomain

/// Whenever the fast decoding path returns a value, Foundation's path returns an equal one, and the public decoder
/// always gives what Foundation's path gives.
@Suite struct FastDecodingEquivalenceTests {
    private static let allTypes: Set<String> = [
        "header", RegistrationSubmitted.eventType, IDVerificationRequested.eventType, IDVerified.eventType,
        IDRejected.eventType,
    ]

    @Test func encodedEventsAreReadByTheFastPath() throws {
        var random = RandomEvents(seed: 1)
        for round in 0..<240 {
            let escapes = round % 2 == 1
            let bytes: [UInt8]
            let type: String
            switch round % 8 / 2 {
            case 0:
                bytes = try random.envelope(random.registration(escapes: escapes)).encodedBytes()
                type = RegistrationSubmitted.eventType
            case 1:
                bytes = try random.envelope(random.request(escapes: escapes)).encodedBytes()
                type = IDVerificationRequested.eventType
            case 2:
                bytes = try random.envelope(random.verified(escapes: escapes)).encodedBytes()
                type = IDVerified.eventType
            default:
                bytes = try random.envelope(random.rejected(escapes: escapes)).encodedBytes()
                type = IDRejected.eventType
            }
            let text = String(decoding: bytes, as: UTF8.self)
            // Escapes, negative or 19-digit numbers are outside the simple form; outside years 1...9999 the
            // timestamp is written as 0000-00-00, which no path reads.
            let simple = !text.contains("\\") && !text.contains(":-") && !text.contains(":\(Int.max)")
                && !text.contains("\"occurredAt\":\"0000-00-00")
            #expect(WireEquivalence.check(bytes) == (simple ? ["header", type] : []), "\(text)")
        }
    }

    @Test func handWrittenValidMessagesAreReadByTheFastPath() {
        let envelopeVariants: [(String, HandJSON?)] = [
            ("eventId", .string("6f1c2b7e-3d4a-4f6b-9e1a-2c3d4e5f6a7b")),
            ("eventId", .string("6f1C2b7E-3d4A-4f6B-9e1A-2c3D4e5F6a7B")),
            ("eventId", .string("00000000-0000-0000-0000-000000000000")),
            ("occurredAt", .string("2011-11-20T01:30:00Z")),
            ("occurredAt", .string("2011-11-19T20:30:00-05:00")),
            ("occurredAt", .string("2011-11-20T09:30:00.5+08:00")),
            ("occurredAt", .string("2011-11-20T01:30:00.123456789Z")),
            ("occurredAt", .string("2011-11-20T01:30:00.000000001+14:59")),
            ("occurredAt", .string("0001-01-01T00:00:00Z")),
            ("occurredAt", .string("9999-12-31T23:59:59.999999999-23:59")),
            ("townshipCode", .string("000000000")),
            ("traceId", .string("abc")),
            ("traceId", .string("")),
            ("traceCount", .raw("0")),
            ("traceCount", .raw("999999999999999999")),
            ("traceId", .raw("null")),
            ("trace", .object([])),
            ("trace", .object([("a", .raw("1")), ("b", .string("张")), ("c", .raw("null"))])),
        ]
        var messages: [[UInt8]] = []
        for base in HandJSON.all {
            for space in ["", " ", "\n", "\t", "\r\n  ", " \t\r\n"] {
                messages.append(base.bytes(space))
                messages.append(base.reversed.bytes(space))
            }
            for (key, value) in envelopeVariants {
                var json = base
                json[key] = value
                messages.append(json.bytes())
            }
            var unknownInPayload = base
            unknownInPayload["payload"]?["photo"] = .string("https://example.invalid/p.jpg")
            unknownInPayload["payload"]?["count"] = .raw("7")
            unknownInPayload["payload"]?["nothing"] = .raw("null")
            messages.append(unknownInPayload.bytes(" "))
        }
        var registration = HandJSON.registration
        for key in ["ethnicity", "phone", "bankAccount", "stationId"] {
            registration["payload"]?[key] = .raw("null")
            messages.append(registration.bytes())
            registration["payload"]?[key] = nil
            messages.append(registration.bytes())
        }
        var verified = HandJSON.verified
        verified["payload"]?["birthDate"] = .string("2000-02-29")
        verified["payload"]?["sex"] = .string("female")
        messages.append(verified.bytes())
        for bytes in messages {
            let read = WireEquivalence.check(bytes)
            #expect(read.contains("header"), "\(String(decoding: bytes, as: UTF8.self))")
            #expect(read.count == 2, "\(String(decoding: bytes, as: UTF8.self))")
        }
    }

    @Test func validMessagesOutsideTheSimpleFormGoToFoundation() {
        let extras: [HandJSON] = [
            .raw("true"), .raw("false"), .raw("-1"), .raw("1.5"), .raw("1e3"), .raw("1E3"), .raw("0.0"), .raw("[]"),
            .raw("[1, \"a\", null]"), .raw("{\"a\": {\"b\": 1}}"), .raw("{\"a\": [1]}"), .string("a\\nb"),
            .string("\\u5f20"), .string("\\/"), .raw("1234567890123456789"), .raw("-0"), .raw("01"),
        ]
        for base in HandJSON.all {
            for extra in extras {
                var json = base
                json["extra"] = extra
                #expect(WireEquivalence.check(json.bytes()).isEmpty, "\(json.text())")
                var inPayload = base
                inPayload["payload"]?["extra"] = extra
                #expect(WireEquivalence.check(inPayload.bytes()).isEmpty, "\(inPayload.text())")
            }
            var chineseKey = base
            chineseKey["备注"] = .string("x")
            #expect(WireEquivalence.check(chineseKey.bytes()).isEmpty)
        }
        var escaped = HandJSON.registration
        escaped["payload"]?["name"] = .string("\\u5f20\\u4e09\\u4e30")
        escaped["payload"]?["householdNumber"] = .string("510623\\/0012345\\n")
        #expect(WireEquivalence.check(escaped.bytes()).isEmpty)
        var escapedEnvelope = HandJSON.registration
        escapedEnvelope["townshipCode"] = .string("\\u0035\\u00310623100")
        #expect(WireEquivalence.check(escapedEnvelope.bytes()).isEmpty)
        #expect(WireEquivalence.check([0xEF, 0xBB, 0xBF] + HandJSON.registration.bytes()).isEmpty)
        let trailingSpace = HandJSON.registration.bytes() + Array(" \n".utf8)
        #expect(WireEquivalence.check(trailingSpace) == ["header", RegistrationSubmitted.eventType])
    }

    @Test func truncationsAtEveryOffset() throws {
        for base in HandJSON.all {
            let bytes = base.bytes()
            for count in 0..<bytes.count {
                #expect(WireEquivalence.check(Array(bytes[..<count])).isEmpty)
            }
        }
        let encoded = try WireSamples.envelope(WireSamples.registration).encodedBytes()
        for count in 0..<encoded.count {
            #expect(WireEquivalence.check(Array(encoded[..<count])).isEmpty)
        }
    }

    @Test func singleByteMutations() {
        let replacements: [UInt8] = [
            0x00, 0x09, 0x1F, 0x20, 0x22, 0x2C, 0x2D, 0x2E, 0x30, 0x31, 0x39, 0x3A, 0x41, 0x45, 0x46, 0x47, 0x5A, 0x5B,
            0x5C, 0x61, 0x65, 0x66, 0x6E, 0x7B, 0x7D, 0x7F, 0x80, 0xBF, 0xC3, 0xE5, 0xFF,
        ]
        var readCount = 0
        var rejectedCount = 0
        for base in [HandJSON.registration, HandJSON.verified] {
            let bytes = base.bytes()
            for offset in bytes.indices {
                for (index, replacement) in replacements.enumerated()
                where (offset + index) % 3 == 0 && bytes[offset] != replacement {
                    var mutated = bytes
                    mutated[offset] = replacement
                    let read = WireEquivalence.check(mutated)
                    readCount += read.count
                    rejectedCount += read.isEmpty ? 1 : 0
                }
            }
        }
        // Many mutations keep a message valid (a changed digit or letter) and many break it.
        #expect(readCount > 100)
        #expect(rejectedCount > 100)
    }

    @Test func wrongTypesMissingFieldsAndNulls() {
        let values: [HandJSON] = [
            .raw("null"), .raw("1"), .raw("0"), .string(""), .string("x"), .raw("{}"), .raw("[]"), .raw("true"),
            .raw("1.0"), .raw("-1"), .string("1"), .string("male"), .string("1951-03-12"),
            .string("0B8E4A52-71C9-4D0E-8F3A-5A6B7C8D9E0F"),
        ]
        for base in HandJSON.all {
            guard case .object(let envelope) = base, case .object(let payload)? = base["payload"] else {
                Issue.record("samples are objects")
                continue
            }
            for (key, _) in envelope {
                var json = base
                json[key] = nil
                let read = WireEquivalence.check(json.bytes())
                #expect(read.subtracting(["header"]).isEmpty, "\(key)")
                #expect(read.contains("header") == (key == "payload"), "\(key)")
                for value in values {
                    json = base
                    json[key] = value
                    WireEquivalence.check(json.bytes())
                }
            }
            for (key, _) in payload {
                var json = base
                json["payload"]?[key] = nil
                let optional = ["ethnicity", "phone", "bankAccount", "stationId"].contains(key)
                #expect(WireEquivalence.check(json.bytes()).count == (optional ? 2 : 1), "\(key)")
                for value in values {
                    json = base
                    json["payload"]?[key] = value
                    WireEquivalence.check(json.bytes())
                }
            }
        }
    }

    @Test func otherSchemaVersionsAndTypes() {
        for base in HandJSON.all {
            for version in ["0", "2", "10", "100000000000000001", "\"1\"", "1.0", "-1", "null"] {
                var json = base
                json["schemaVersion"] = .raw(version)
                #expect(WireEquivalence.check(json.bytes()).subtracting(["header"]).isEmpty, "\(version)")
            }
            for type in ["", "registration", "Registration.Submitted", "id.verified ", "\\u0069d.verified", "x"] {
                var json = base
                json["type"] = .string(type)
                #expect(WireEquivalence.check(json.bytes()).subtracting(["header"]).isEmpty, "\(type)")
            }
        }
    }

    @Test func duplicateKeys() {
        for base in HandJSON.all {
            let envelope = base.appending("eventId", .string("0B8E4A52-71C9-4D0E-8F3A-5A6B7C8D9E0F"))
            #expect(WireEquivalence.check(envelope.bytes()).isEmpty)
            let same = base.appending("townshipCode", .string("510623100"))
            #expect(WireEquivalence.check(same.bytes()).isEmpty)
            let unknown = base.appending("x", .raw("1")).appending("x", .raw("1"))
            #expect(WireEquivalence.check(unknown.bytes()).isEmpty)
            var payload = base
            payload["payload"] = payload["payload"]?.appending("residentId", .string("x"))
            #expect(WireEquivalence.check(payload.bytes()).isEmpty)
        }
    }

    @Test func oddButValidValues() {
        var inputs: [HandJSON] = []
        // Foundation's UUID(uuidString:) takes these on Linux; the fast path leaves them to it.
        for uuid in [
            " F1C2B7E-3D4A-4F6B-9E1A-2C3D4E5F6A7B", "+F1C2B7E-3D4A-4F6B-9E1A-2C3D4E5F6A7B",
            "0x1C2B7E-3D4A-4F6B-9E1A-2C3D4E5F6A7B", "6F1C2B7E-3D4A-4F6B-9E1A-+C3D4E5F6A7B",
            "{6F1C2B7E-3D4A-4F6B-9E1A-2C3D4E5F6A7B}", "6F1C2B7E3D4A4F6B9E1A2C3D4E5F6A7B",
        ] {
            var json = HandJSON.verified
            json["eventId"] = .string(uuid)
            inputs.append(json)
            json = HandJSON.verified
            json["payload"]?["requestEventId"] = .string(uuid)
            inputs.append(json)
        }
        for date in ["1951-2-12", "1951-02-29", "0000-01-01", "1951-03-12 ", "１951-03-12", "1951/03/12"] {
            var json = HandJSON.verified
            json["payload"]?["birthDate"] = .string(date)
            inputs.append(json)
        }
        for time in [
            "2011-11-20T09:30:00", "2011-11-20T09:30:00.+08:00", "2011-11-20T09:30:00.1234567890Z",
            "2011-11-20T24:00:00Z", "2011-11-20T09:60:00Z", "2011-11-20T09:30:60Z", "2011-11-20T09:30:00+24:00",
            "2011-11-20T09:30:00+08:60", "2011-11-20t09:30:00Z", "2011-11-20T09:30:00z", "2011-11-20T09:30:00+0800",
        ] {
            var json = HandJSON.registration
            json["occurredAt"] = .string(time)
            inputs.append(json)
        }
        for sex in ["Male", "MALE", "m", "", "female "] {
            var json = HandJSON.registration
            json["payload"]?["sex"] = .string(sex)
            inputs.append(json)
        }
        for code in ["51062310", "5106231000", "51062310A", "５10623100"] {
            var json = HandJSON.registration
            json["townshipCode"] = .string(code)
            inputs.append(json)
        }
        for json in inputs {
            let read = WireEquivalence.check(json.bytes())
            #expect(read.subtracting(["header"]).isEmpty, "\(json.text())")
        }
    }
}
