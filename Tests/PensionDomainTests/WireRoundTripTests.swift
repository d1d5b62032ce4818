import Foundation
import PensionDomain
import Testing

@Suite struct WireRoundTripTests {
    @Test func registrationRoundTrips() throws {
        let envelope = WireSamples.envelope(WireSamples.registration)
        let decoded = try WireDecoder.decode(RegistrationSubmitted.self, from: envelope.encoded())
        #expect(decoded == envelope)
    }

    @Test func registrationWithoutOptionalsRoundTrips() throws {
        let payload = RegistrationSubmitted(
            residentId: " 510623510312123 ",
            name: "李四",
            sex: .female,
            householdNumber: "0001",
            villageCode: "510623201205",
            contributionTierYuan: 500
        )
        let envelope = WireSamples.envelope(payload)
        let data = try envelope.encoded()
        #expect(try JSONEdit.object(data)["payload"].flatMap { $0 as? [String: Any] }?["phone"] == nil)
        #expect(try WireDecoder.decode(RegistrationSubmitted.self, from: data) == envelope)
    }

    @Test func verificationEventsRoundTrip() throws {
        let request = WireSamples.envelope(
            IDVerificationRequested(
                residentId: WireSamples.residentId,
                householdNumber: "0001",
                villageCode: "510623100201",
                registrationEventId: WireSamples.requestId
            )
        )
        #expect(try WireDecoder.decode(IDVerificationRequested.self, from: request.encoded()) == request)

        let verified = WireSamples.envelope(
            IDVerified(
                residentId: WireSamples.residentId,
                birthDate: CivilDate(year: 1951, month: 3, day: 12)!,
                sex: .male,
                villageCode: "510623100201",
                requestEventId: WireSamples.requestId
            )
        )
        #expect(try WireDecoder.decode(IDVerified.self, from: verified.encoded()) == verified)

        let rejected = WireSamples.envelope(
            IDRejected(
                residentId: "51062319510312123",
                reasonCode: ResidentIDError.Reason.badLength.rawValue,
                villageCode: "510623100201",
                requestEventId: WireSamples.requestId
            )
        )
        #expect(try WireDecoder.decode(IDRejected.self, from: rejected.encoded()) == rejected)
    }

    @Test func writesTheDocumentedEnvelope() throws {
        let data = try WireSamples.registrationData()
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasPrefix(#"{"eventId":"6F1C2B7E-3D4A-4F6B-9E1A-2C3D4E5F6A7B","occurredAt":"#))
        #expect(text.contains(#""occurredAt":"2011-11-20T09:30:00+08:00""#))
        #expect(text.contains(#""schemaVersion":1"#))
        #expect(text.contains(#""type":"registration.submitted""#))
        #expect(text.contains(#""name":"张三丰""#))
        let keys = try JSONEdit.object(data).keys.sorted()
        #expect(keys == ["eventId", "occurredAt", "payload", "schemaVersion", "townshipCode", "type"])
    }

    @Test func writesMillisecondsOnlyWhenPresent() throws {
        let envelope = EventEnvelope(
            eventId: WireSamples.eventId,
            occurredAt: WireSamples.occurredAt.addingTimeInterval(0.25),
            townshipCode: "510623100",
            payload: WireSamples.registration
        )
        let data = try envelope.encoded()
        #expect(String(decoding: data, as: UTF8.self).contains(#""occurredAt":"2011-11-20T09:30:00.250+08:00""#))
        #expect(try WireDecoder.header(of: data).occurredAt == envelope.occurredAt)
    }

    @Test(arguments: [
        ("2011-11-20T09:30:00+08:00", 0.0),
        ("2011-11-20T01:30:00Z", 0.0),
        ("2011-11-19T20:30:00-05:00", 0.0),
        ("2011-11-20T09:30:00.5+08:00", 0.5),
        ("2011-11-20T01:30:00.123456789Z", 0.123456789),
    ])
    func acceptsOffsetsAndFractions(occurredAt: String, fraction: Double) throws {
        let data = try JSONEdit.edit(WireSamples.registrationData()) { $0["occurredAt"] = occurredAt }
        let header = try WireDecoder.header(of: data)
        #expect(abs(header.occurredAt.timeIntervalSince(WireSamples.occurredAt) - fraction) < 0.000_001)
    }

    @Test func readsTheHeaderWithoutThePayload() throws {
        let data = try JSONEdit.edit(WireSamples.registrationData()) { $0["payload"] = nil }
        let header = try WireDecoder.header(of: data)
        #expect(header.eventId == WireSamples.eventId)
        #expect(header.type == "registration.submitted")
        #expect(header.schemaVersion == 1)
        #expect(header.townshipCode == "510623100")
        #expect(header.occurredAt == WireSamples.occurredAt)
    }

    @Test func ignoresUnknownFields() throws {
        let data = try JSONEdit.edit(WireSamples.registrationData()) { object in
            object["traceId"] = "abc"
            var payload = object["payload"] as! [String: Any]
            payload["photoUrl"] = "https://example.invalid/p.jpg"
            payload["children"] = [["name": "x"]]
            object["payload"] = payload
        }
        let decoded = try WireDecoder.decode(RegistrationSubmitted.self, from: data)
        #expect(decoded.payload == WireSamples.registration)
    }

    @Test func providesKafkaHeadersAndMaskedDescription() {
        let envelope = WireSamples.envelope(WireSamples.registration)
        let headers = Dictionary(uniqueKeysWithValues: envelope.headers.map { ($0.name, $0.value) })
        #expect(headers[WireHeaders.eventType] == "registration.submitted")
        #expect(headers[WireHeaders.schemaVersion] == "1")
        #expect(headers[WireHeaders.eventId] == WireSamples.eventId.uuidString)
        let description = "\(envelope)"
        #expect(!description.contains(WireSamples.residentId))
        #expect(!description.contains(WireSamples.name))
        #expect(description.contains(Masking.residentID(WireSamples.residentId)))
    }

    @Test func refusesToEncodeABadTownshipCode() {
        let envelope = EventEnvelope(townshipCode: "5106231", payload: WireSamples.registration)
        #expect(throws: EncodingError.self) { try envelope.encoded() }
    }

    @Test func messageKeysAreNormalizedResidentIDs() throws {
        #expect(MessageKey.resident(" 110105491231002 ") == "11010519491231002X")
        #expect(MessageKey.resident("11010519491231002x") == "11010519491231002X")
        #expect(MessageKey.resident(" 12345 ") == "12345")
        #expect(MessageKey.event(WireSamples.eventId) == "6F1C2B7E-3D4A-4F6B-9E1A-2C3D4E5F6A7B")
    }
}
