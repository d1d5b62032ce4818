import Foundation
import PensionDomain
import Testing

@Suite struct WireDecoderErrorTests {
    /// Decodes `data` as a registration and returns the error, which must be thrown.
    private func failure(_ data: Data) -> EventDecodingError? {
        #expect(throws: EventDecodingError.self) { try WireDecoder.decode(RegistrationSubmitted.self, from: data) }
    }

    @Test(arguments: ["", "not json", "{\"eventId\":", "\u{FF}\u{FE}"])
    func malformedJSON(text: String) {
        let error = failure(Data(text.utf8))
        #expect(error?.code == .malformedJSON)
        #expect(error?.field == nil)
    }

    @Test func invalidUTF8IsMalformed() {
        #expect(failure(Data([0x7B, 0xFF, 0xFE, 0x7D]))?.code == .malformedJSON)
    }

    @Test(arguments: ["eventId", "type", "schemaVersion", "occurredAt", "townshipCode", "payload"])
    func missingEnvelopeField(field: String) throws {
        let data = try JSONEdit.edit(WireSamples.registrationData()) { $0[field] = nil }
        let error = failure(data)
        #expect(error?.code == .missingField)
        #expect(error?.field == field)
    }

    @Test(arguments: ["residentId", "name", "sex", "householdNumber", "villageCode", "contributionTierYuan"])
    func missingPayloadField(field: String) throws {
        let data = try JSONEdit.editPayload(WireSamples.registrationData()) { $0[field] = nil }
        let error = failure(data)
        #expect(error?.code == .missingField)
        #expect(error?.field == "payload.\(field)")
    }

    @Test func nullRequiredFieldIsMissing() throws {
        let data = try JSONEdit.editPayload(WireSamples.registrationData()) { $0["residentId"] = NSNull() }
        let error = failure(data)
        #expect(error?.code == .missingField)
        #expect(error?.field == "payload.residentId")
    }

    @Test func wrongTypes() throws {
        let base = try WireSamples.registrationData()
        let cases: [(Data, String)] = [
            (try JSONEdit.edit(base) { $0["schemaVersion"] = "1" }, "schemaVersion"),
            (try JSONEdit.edit(base) { $0["townshipCode"] = 510_623_100 }, "townshipCode"),
            (try JSONEdit.edit(base) { $0["payload"] = [1, 2] }, "payload"),
            (try JSONEdit.editPayload(base) { $0["contributionTierYuan"] = "100" }, "payload.contributionTierYuan"),
            (try JSONEdit.editPayload(base) { $0["residentId"] = 51_062_319_510_312_1231 }, "payload.residentId"),
        ]
        for (data, field) in cases {
            let error = failure(data)
            #expect(error?.code == .wrongType, "\(field)")
            #expect(error?.field == field)
        }
        #expect(failure(Data("[1]".utf8))?.code == .wrongType)
    }

    @Test func invalidValues() throws {
        let base = try WireSamples.registrationData()
        let cases: [(Data, String)] = [
            (try JSONEdit.edit(base) { $0["eventId"] = "not-a-uuid" }, "eventId"),
            (try JSONEdit.edit(base) { $0["type"] = "" }, "type"),
            (try JSONEdit.edit(base) { $0["townshipCode"] = "51062310" }, "townshipCode"),
            (try JSONEdit.edit(base) { $0["townshipCode"] = "51062310A" }, "townshipCode"),
            (try JSONEdit.edit(base) { $0["occurredAt"] = "2011-11-20T09:30:00" }, "occurredAt"),
            (try JSONEdit.edit(base) { $0["occurredAt"] = "2011-11-20 09:30:00+08:00" }, "occurredAt"),
            (try JSONEdit.edit(base) { $0["occurredAt"] = "2011-11-20T24:00:00+08:00" }, "occurredAt"),
            (try JSONEdit.edit(base) { $0["occurredAt"] = "2011-02-29T09:30:00+08:00" }, "occurredAt"),
            (try JSONEdit.edit(base) { $0["schemaVersion"] = 1.5 }, "schemaVersion"),
            (try JSONEdit.editPayload(base) { $0["sex"] = "unknown" }, "payload.sex"),
            (try JSONEdit.editPayload(base) { $0["contributionTierYuan"] = 100.5 }, "payload.contributionTierYuan"),
        ]
        for (data, field) in cases {
            let error = failure(data)
            #expect(error?.code == .invalidValue, "\(field)")
            #expect(error?.field == field)
        }
    }

    @Test func invalidNestedValues() throws {
        let request = WireSamples.envelope(
            IDVerified(
                residentId: WireSamples.residentId,
                birthDate: CivilDate(year: 1951, month: 3, day: 12)!,
                sex: .male,
                villageCode: "510623100201",
                requestEventId: WireSamples.requestId
            )
        )
        let badDate = try JSONEdit.editPayload(request.encoded()) { $0["birthDate"] = "1951-02-30" }
        let dateError = #expect(throws: EventDecodingError.self) {
            try WireDecoder.decode(IDVerified.self, from: badDate)
        }
        #expect(dateError?.code == .invalidValue)
        #expect(dateError?.field == "payload.birthDate")
        let badUUID = try JSONEdit.editPayload(request.encoded()) { $0["requestEventId"] = "x" }
        let uuidError = #expect(throws: EventDecodingError.self) {
            try WireDecoder.decode(IDVerified.self, from: badUUID)
        }
        #expect(uuidError?.code == .invalidValue)
        #expect(uuidError?.field == "payload.requestEventId")
    }

    @Test func unknownSchemaVersion() throws {
        let data = try JSONEdit.edit(WireSamples.registrationData()) { $0["schemaVersion"] = 2 }
        let error = failure(data)
        #expect(error?.code == .unknownSchemaVersion)
        #expect(error?.field == "schemaVersion")
        #expect(try WireDecoder.header(of: data).schemaVersion == 2)
    }

    @Test func unknownEventType() throws {
        let data = try WireSamples.registrationData()
        let error = #expect(throws: EventDecodingError.self) { try WireDecoder.decode(IDVerified.self, from: data) }
        #expect(error?.code == .unknownEventType)
        #expect(error?.field == "type")
    }

    @Test func errorsNeverContainPersonalData() throws {
        let base = try WireSamples.registrationData()
        let inputs = [
            try JSONEdit.editPayload(base) { $0["sex"] = WireSamples.name },
            try JSONEdit.editPayload(base) { $0["sex"] = WireSamples.residentId },
            try JSONEdit.editPayload(base) { $0["contributionTierYuan"] = WireSamples.residentId },
            try JSONEdit.editPayload(base) { $0["householdNumber"] = [WireSamples.name] },
            try JSONEdit.edit(base) { $0["eventId"] = WireSamples.residentId },
            try JSONEdit.edit(base) { $0["townshipCode"] = WireSamples.residentId },
            try JSONEdit.edit(base) { $0["occurredAt"] = WireSamples.name },
            try JSONEdit.edit(base) { $0["type"] = WireSamples.residentId },
            try JSONEdit.edit(base) { $0["schemaVersion"] = 510_623_195_103_121_231 },
        ]
        for data in inputs {
            let error = try #require(failure(data))
            for text in [error.description, error.message] {
                #expect(!text.contains(WireSamples.residentId), "\(error.code)")
                #expect(!text.contains(WireSamples.residentId.prefix(10)), "\(error.code)")
                #expect(!text.contains(WireSamples.name), "\(error.code)")
            }
        }
    }
}
