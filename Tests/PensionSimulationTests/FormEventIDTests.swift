import Foundation
import PensionDomain
import PensionSimulation
import Testing

/// Publishing a form file twice must publish the same events: ids from what identifies a form, times from the file.
@Suite struct FormEventIDTests {
    static let header = RegistrationForms.columns.joined(separator: ",")
    static let legacyHeader = RegistrationForms.columns.prefix(11).joined(separator: ",")
    static let id = TestPopulations.residentID(birth: "19510312", sequence: "123")
    static let at = "2011-11-20T09:30:00+08:00"

    /// A form in the full column set; `tier` tells forms apart.
    static func line(tier: Int = 100, formId: String = "", submittedAt: String = at) -> String {
        "510623100,\(id),张秀英,female,汉族,510623100000123,510623100201,\(tier),13812345678,,510623100-01,"
            + "\(formId),\(submittedAt)"
    }

    static func events(
        _ lines: [String],
        header: String = header,
        file: String = "registrations.csv",
        defaultOccurredAt: Date? = nil
    ) throws -> [EventEnvelope<RegistrationSubmitted>] {
        let rows = try RegistrationForms.parse(csv: ([header] + lines).joined(separator: "\n") + "\n")
        return try RegistrationForms.events(from: rows, fileName: file, defaultOccurredAt: defaultOccurredAt)
    }

    static func bytes(_ events: [EventEnvelope<RegistrationSubmitted>]) throws -> [[UInt8]] {
        try events.map { try $0.encodedBytes() }
    }

    @Test func theSameFileReadTwiceGivesIdenticalEnvelopes() throws {
        let lines = [Self.line(tier: 100), Self.line(tier: 200, formId: "510623100-01-000002"), Self.line(tier: 300)]
        let first = try Self.events(lines)
        let second = try Self.events(lines)
        #expect(first.count == 3)
        #expect(first.map(\.eventId) == second.map(\.eventId))
        #expect(first.map(\.occurredAt) == second.map(\.occurredAt))
        #expect(try Self.bytes(first) == Self.bytes(second))
        #expect(first.allSatisfy { $0.occurredAt == WireTimestamp.parse(Self.at) })
    }

    @Test func aFileWithoutTheNewColumnsReadTwiceGivesIdenticalEnvelopesAtTheDefaultTime() throws {
        let legacy = CSVFormTests.row
        let occurredAt = try #require(WireTimestamp.parse("2011-11-21T08:00:00+08:00"))
        let first = try Self.events([legacy, legacy], header: Self.legacyHeader, defaultOccurredAt: occurredAt)
        let second = try Self.events([legacy, legacy], header: Self.legacyHeader, defaultOccurredAt: occurredAt)
        #expect(try Self.bytes(first) == Self.bytes(second))
        #expect(first.allSatisfy { $0.occurredAt == occurredAt })
        // The same form on two lines is two forms: the line is part of its identity.
        #expect(first[0].eventId != first[1].eventId)
    }

    @Test func differentLinesGiveDifferentIDs() throws {
        let lines = (1...50).map { Self.line(tier: $0 * 10) } + (1...50).map { Self.line(formId: "F-\($0)") }
        let ids = try Self.events(lines).map(\.eventId)
        #expect(Set(ids).count == 100)
    }

    @Test func changingOneLineChangesOnlyItsID() throws {
        let lines = (1...5).map { Self.line(tier: $0 * 100) }
        var edited = lines
        edited[2] = edited[2].replacingOccurrences(of: "13812345678", with: "13900000000")
        let before = try Self.events(lines).map(\.eventId)
        let after = try Self.events(edited).map(\.eventId)
        #expect(before[2] != after[2])
        #expect(Array(before[..<2]) == Array(after[..<2]))
        #expect(Array(before[3...]) == Array(after[3...]))
    }

    @Test func aFormIDWinsOverLinePositionAndFileName() throws {
        let withId = Self.line(tier: 500, formId: "510623100-01-000123")
        let others = (1...3).map { Self.line(tier: $0 * 100) }
        let first = try Self.events([withId] + others, file: "/var/in/monday.csv")
        let moved = try Self.events(others + [withId], file: "/tmp/copy-of-monday.csv")
        #expect(first[0].eventId == moved[3].eventId)
        #expect(first[0].eventId == FormEventIDs.eventId(formId: "510623100-01-000123"))
        // A changed form keeps its form id's event id: the form id alone identifies it.
        let edited = try Self.events([withId.replacingOccurrences(of: "13812345678", with: "13900000000")])
        #expect(edited[0].eventId == first[0].eventId)
        // Lines without a form id take their position and the file's name into account.
        #expect(Set(first[1...].map(\.eventId)).isDisjoint(with: moved[..<3].map(\.eventId)))
    }

    @Test func onlyTheFileNameWithoutItsDirectoryCounts() throws {
        let lines = [Self.line()]
        let here = try Self.events(lines, file: "/data/2011-11-20/registrations.csv")
        let there = try Self.events(lines, file: "registrations.csv")
        let renamed = try Self.events(lines, file: "/data/2011-11-20/registrations-2.csv")
        #expect(here[0].eventId == there[0].eventId)
        #expect(here[0].eventId != renamed[0].eventId)
    }

    @Test func lineEndingsTrimmedSpacesAndSpellingsDoNotChangeIDs() throws {
        let lines = [Self.line(), Self.line(tier: 200)]
        let plain = try Self.events(lines)
        let crlf = try RegistrationForms.events(
            from: RegistrationForms.parse(csv: ([Self.header] + lines).joined(separator: "\r\n")),
            fileName: "registrations.csv",
            defaultOccurredAt: nil
        )
        let spelled = try Self.events(
            lines.map {
                $0.replacingOccurrences(of: ",female,", with: ",女,").replacingOccurrences(of: "+08:00", with: "+08:00 ")
            })
        #expect(plain.map(\.eventId) == crlf.map(\.eventId))
        #expect(plain.map(\.eventId) == spelled.map(\.eventId))
    }

    @Test func idsAreVersion5UUIDsAsPythonsUUID5ComputesThem() throws {
        // uuid.uuid5(uuid.NAMESPACE_URL, "urn:pension:registration-form")
        #expect(FormEventIDs.namespace.uuidString == "07D4128B-297D-5441-BE22-51271EBC3863")
        // uuid.uuid5(namespace, "form:510623100-01-000123")
        #expect(
            FormEventIDs.eventId(formId: "510623100-01-000123").uuidString == "76EF0A85-D006-51D3-805B-EC5C57805DAC"
        )
        // uuid.uuid5(namespace, "line:registrations.csv\n2\n" + content), content as FormRow.contentLine writes it.
        let row = try #require(try RegistrationForms.parse(csv: CSVFormTests.header + "\n" + CSVFormTests.row).first)
        #expect(row.contentLine == CSVFormTests.row + ",")
        #expect(row.eventId(fileName: "registrations.csv").uuidString == "223DF00B-8B6F-5AAB-A09D-C3485D4BD586")
    }

    @Test func submittedAtIsTheEventTimeAndWinsOverTheDefault() throws {
        let fallback = try #require(WireTimestamp.parse("2011-12-01T00:00:00Z"))
        let events = try Self.events(
            [Self.line(submittedAt: "2011-11-20T01:30:00.5Z"), Self.line(tier: 200, submittedAt: "")],
            defaultOccurredAt: fallback
        )
        #expect(events[0].occurredAt == WireTimestamp.parse("2011-11-20T09:30:00.500+08:00"))
        #expect(events[1].occurredAt == fallback)
    }

    @Test func aFormWithoutATimeNeedsTheDefault() throws {
        let error = #expect(throws: FormError.self) {
            try Self.events([Self.line(), Self.line(tier: 200, submittedAt: "")])
        }
        #expect(error?.line == 3)
        #expect(error?.field == "submittedAt")
        #expect(error?.problem.contains("--occurred-at") == true)
    }

    @Test(arguments: ["2011-11-21T10:15:00", "2011-11-21 10:15:00+08:00", "2011-02-30T10:15:00+08:00", "yesterday"])
    func aSubmittedAtWithoutOffsetOrImpossibleIsAnErrorWithoutTheValue(text: String) throws {
        let error = #expect(throws: FormError.self) { try Self.events([Self.line(submittedAt: text)]) }
        #expect(error?.line == 2)
        #expect(error?.field == "submittedAt")
        #expect(error?.description.contains(text) == false)
        #expect(error?.description.contains(Self.id) == false)
    }

    @Test func aFormIDRepeatedWithOtherContentIsAnErrorButAnExactRepeatIsNot() throws {
        let form = Self.line(formId: "F-1")
        let repeated = try Self.events([form, Self.line(tier: 200), form])
        #expect(repeated[0].eventId == repeated[2].eventId)
        let error = #expect(throws: FormError.self) { try Self.events([form, Self.line(tier: 200, formId: "F-1")]) }
        #expect(error?.line == 3)
        #expect(error?.field == "formId")
        #expect(error?.description.contains("F-1") == false)
    }

    @Test func jsonLinesCarryFormIDsAndTimesToo() throws {
        let text =
            JSONLinesFormTests.line(",\"formId\":\"F-9\",\"submittedAt\":\"\(Self.at)\"") + "\n"
            + JSONLinesFormTests.line(tier: "200") + "\n"
        let fallback = try #require(WireTimestamp.parse("2011-12-01T08:00:00+08:00"))
        let rows = try RegistrationForms.parse(jsonLines: text)
        let first = try RegistrationForms.events(from: rows, fileName: "a.jsonl", defaultOccurredAt: fallback)
        let again = try RegistrationForms.events(
            from: RegistrationForms.parse(jsonLines: text),
            fileName: "a.jsonl",
            defaultOccurredAt: fallback
        )
        #expect(first[0].eventId == FormEventIDs.eventId(formId: "F-9"))
        #expect(first[0].occurredAt == WireTimestamp.parse(Self.at))
        #expect(first[1].occurredAt == fallback)
        #expect(try Self.bytes(first) == Self.bytes(again))
    }

    @Test func aGeneratedFilePublishesTheGeneratedEventsByteForByte() throws {
        let population = TestPopulations.small
        let text = RegistrationForms.csv(from: population)
        #expect(text.hasPrefix(Self.header + "\n"))
        let events = try RegistrationForms.events(
            from: RegistrationForms.parse(csv: text),
            fileName: "registrations.csv",
            defaultOccurredAt: nil
        )
        let wellFormed = population.records.filter { $0.payload != nil }
        #expect(events.count == wellFormed.count)
        #expect(events.map(\.eventId) == wellFormed.map(\.eventId))
        #expect(try Self.bytes(events) == wellFormed.map(\.value))
        #expect(Set(events.map(\.eventId)).count == events.count)
    }

    @Test(arguments: [
        ("2011-11-20T09:30:00+08:00", "2011-11-20T09:30:00+08:00"),
        ("2011-11-20T01:30:00Z", "2011-11-20T09:30:00+08:00"),
        ("2011-11-19T20:30:12.25-05:00", "2011-11-20T09:30:12.250+08:00"),
        ("2011-12-31T23:59:59.123456789+08:00", "2011-12-31T23:59:59.123+08:00"),
        ("2012-02-29T16:00:00Z", "2012-03-01T00:00:00+08:00"),
        ("1969-12-31T16:00:00Z", "1970-01-01T00:00:00+08:00"),
    ])
    func timestampsReadAnyOffsetAndWriteChinaStandardTime(text: String, written: String) throws {
        let date = try #require(WireTimestamp.parse(text))
        #expect(WireTimestamp.format(date) == written)
        #expect(WireTimestamp.parse(written).map(WireTimestamp.format) == written)
        // The same text the envelope writes for occurredAt, so a form's content shows the time its event carries.
        let row = try #require(try RegistrationForms.parse(csv: CSVFormTests.header + "\n" + CSVFormTests.row).first)
        let envelope = try row.envelope(fileName: "a.csv", defaultOccurredAt: date)
        let json = String(decoding: try envelope.encodedBytes(), as: UTF8.self)
        #expect(json.contains("\"occurredAt\":\"\(written)\""))
    }
}
