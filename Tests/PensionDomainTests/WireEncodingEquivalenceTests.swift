import Foundation
import Testing

@testable import PensionDomain

/// `encoded()` writes byte for byte what Foundation's `JSONEncoder` with sorted keys wrote before.
@Suite struct WireEncodingEquivalenceTests {
    private func expectSameBytes<P: EventPayload>(
        _ envelope: EventEnvelope<P>,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let reference = try ReferenceEncoder.encoded(envelope)
        let bytes = try envelope.encodedBytes()
        #expect(
            bytes == Array(reference),
            "\(String(decoding: bytes, as: UTF8.self)) != \(String(decoding: reference, as: UTF8.self))",
            sourceLocation: sourceLocation
        )
        #expect(try envelope.encoded() == reference, sourceLocation: sourceLocation)
    }

    @Test func samplesMatchJSONEncoder() throws {
        try expectSameBytes(WireSamples.envelope(WireSamples.registration))
        try expectSameBytes(
            WireSamples.envelope(
                RegistrationSubmitted(
                    residentId: " 510623510312123 ",
                    name: "李四",
                    sex: .female,
                    householdNumber: "0001",
                    villageCode: "510623201205",
                    contributionTierYuan: 500
                )
            )
        )
    }

    @Test func randomEventsMatchJSONEncoder() throws {
        var random = RandomEvents(seed: 7)
        for _ in 0..<300 {
            try expectSameBytes(random.envelope(random.registration(escapes: true)))
            try expectSameBytes(random.envelope(random.request(escapes: true)))
            try expectSameBytes(random.envelope(random.verified(escapes: true)))
            try expectSameBytes(random.envelope(random.rejected(escapes: true)))
        }
    }

    @Test func stringsNeedingEscapesMatchJSONEncoder() throws {
        var every = ""
        for value in 0..<0x80 {
            every.unicodeScalars.append(UnicodeScalar(UInt8(value)))
        }
        let texts = [
            every, "\"", "\\", "\\\"", "a\"b\\c", "line\nbreak", "\r\n", "\t", "\u{0}", "\u{1F}", "/", "a/b//",
            "http://x/y", "😀🇨🇳👨‍👩‍👧", "张三丰", "\u{2028}\u{2029}", "\u{FEFF}", "\u{7F}\u{80}\u{9F}", "",
            "e\u{301}", "\u{10FFFF}",
        ]
        for text in texts {
            let payload = RegistrationSubmitted(
                residentId: text,
                name: text,
                sex: .male,
                ethnicity: text,
                householdNumber: text,
                villageCode: text,
                contributionTierYuan: 100,
                phone: text,
                bankAccount: text,
                stationId: text
            )
            try expectSameBytes(WireSamples.envelope(payload))
        }
    }

    @Test func longMessagesMatchJSONEncoder() throws {
        // The writer first tries 512 bytes and writes again when the message needs more.
        var sizes: Set<Int> = []
        for length in 0..<400 {
            for filler in ["a", "张", "\u{1}", "\""] {
                let text = String(repeating: filler, count: length)
                let payload = IDRejected(
                    residentId: text,
                    reasonCode: "bad_length",
                    villageCode: filler,
                    requestEventId: WireSamples.requestId
                )
                let envelope = WireSamples.envelope(payload)
                try expectSameBytes(envelope)
                sizes.insert(try envelope.encodedBytes().count)
            }
        }
        let huge = String(repeating: "张三丰\n/", count: 5000)
        try expectSameBytes(WireSamples.envelope(IDRejected(
            residentId: huge, reasonCode: huge, villageCode: huge, requestEventId: WireSamples.requestId
        )))
        #expect(sizes.contains(511) && sizes.contains(512) && sizes.contains(513))
    }

    @Test(arguments: [0, 1, -1, 9, 10, 99, 100, 999_999_999_999_999_999, Int.max, Int.min])
    func integersMatchJSONEncoder(tier: Int) throws {
        var payload = WireSamples.registration
        payload = RegistrationSubmitted(
            residentId: payload.residentId,
            name: payload.name,
            sex: payload.sex,
            householdNumber: payload.householdNumber,
            villageCode: payload.villageCode,
            contributionTierYuan: tier
        )
        try expectSameBytes(WireSamples.envelope(payload))
    }

    @Test func datesMatchJSONEncoder() throws {
        for (year, month, day) in [(1, 1, 1), (9999, 12, 31), (987, 3, 4), (2000, 2, 29), (1951, 3, 12)] {
            let verified = IDVerified(
                residentId: WireSamples.residentId,
                birthDate: CivilDate(year: year, month: month, day: day)!,
                sex: .female,
                villageCode: "510623100201",
                requestEventId: WireSamples.requestId
            )
            try expectSameBytes(WireSamples.envelope(verified))
        }
        for seconds in [-62_135_596_800.0, -62_135_625_600.0, 253_402_300_799.999, 0, -0.0005, 0.0005, 1e12, -1e12] {
            let envelope = EventEnvelope(
                eventId: WireSamples.eventId,
                occurredAt: Date(timeIntervalSince1970: seconds),
                townshipCode: "510623100",
                payload: WireSamples.registration
            )
            try expectSameBytes(envelope)
        }
    }

    @Test func stillRefusesABadTownshipCode() {
        for code in ["", "51062310", "5106231000", "51062310A", "５10623100"] {
            let envelope = EventEnvelope(townshipCode: code, payload: WireSamples.registration)
            #expect(throws: EncodingError.self) { try envelope.encodedBytes() }
            #expect(throws: EncodingError.self) { try envelope.encoded() }
        }
    }

    @Test func headersAndKeysUseUpperCaseUUIDs() {
        var random = RandomEvents(seed: 3)
        for _ in 0..<50 {
            let envelope = random.envelope(random.rejected(escapes: false))
            #expect(envelope.headers.map(\.value) == ["id.rejected", "1", envelope.eventId.uuidString])
            #expect(MessageKey.event(envelope.eventId) == envelope.eventId.uuidString)
        }
    }
}
