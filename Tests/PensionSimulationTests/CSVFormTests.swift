import PensionDomain
import PensionSimulation
import Testing

@Suite struct CSVFormTests {
    /// The columns before `formId` and `submittedAt` were added: such files still read.
    static let header = RegistrationForms.columns.prefix(11).joined(separator: ",")
    static let id = TestPopulations.residentID(birth: "19510312", sequence: "123")
    static let row = "510623100,\(id),张秀英,female,汉族,510623100000123,510623100201,100,13812345678,,510623100-01"

    func parse(_ lines: [String]) throws(FormError) -> [FormRow] {
        try RegistrationForms.parse(csv: lines.joined(separator: "\n"))
    }

    func formError(_ lines: [String]) -> FormError? {
        do {
            _ = try parse(lines)
            return nil
        } catch {
            return error
        }
    }

    @Test func readsAPlainRow() throws {
        let rows = try parse([Self.header, Self.row])
        let row = try #require(rows.first)
        #expect(rows.count == 1)
        #expect(row.line == 2)
        #expect(row.townshipCode == "510623100")
        #expect(row.payload.residentId == Self.id)
        #expect(row.payload.sex == .female)
        #expect(row.payload.contributionTierYuan == 100)
        #expect(row.payload.bankAccount == nil)
        #expect(row.payload.phone == "13812345678")
    }

    @Test func readsQuotesCommasLineBreaksCRLFAndAByteOrderMark() throws {
        let text = "\u{FEFF}" + Self.header + "\r\n"
            + "510623100,\(Self.id),\"张,秀\"\"英\",女,,510623100000123,510623100201,200,,,\"凯江镇\n二号窗口\"\r\n"
            + "\r\n"
            + Self.row + "\r\n"
        let rows = try RegistrationForms.parse(csv: text)
        #expect(rows.count == 2)
        #expect(rows[0].payload.name == "张,秀\"英")
        #expect(rows[0].payload.sex == .female)
        #expect(rows[0].payload.ethnicity == nil)
        #expect(rows[0].payload.stationId == "凯江镇\n二号窗口")
        #expect(rows[0].line == 2)
        #expect(rows[1].line == 5)
    }

    @Test func acceptsColumnsInAnyOrderAndWithoutOptionalOnes() throws {
        let text = "name,residentId,townshipCode,sex,householdNumber,villageCode,contributionTierYuan\n"
            + "李明,\(Self.id),510623100,male,510623100000001,510623100005,300\n"
        let row = try #require(try RegistrationForms.parse(csv: text).first)
        #expect(row.payload.name == "李明")
        #expect(row.payload.villageCode == "510623100005")
        #expect(row.payload.phone == nil && row.payload.stationId == nil)
    }

    @Test(arguments: [
        ("510623100,,张秀英,female,汉族,510623100000123,510623100201,100,,,", "residentId", "required"),
        ("51062310,ID,张秀英,female,汉族,510623100000123,510623100201,100,,,", "townshipCode", "9 digits"),
        ("510623100,ID,张秀英,female,汉族,510623100000123,510623101201,100,,,", "villageCode", "12 digits"),
        ("510623100,ID,张秀英,F,汉族,510623100000123,510623100201,100,,,", "sex", "male or female"),
        ("510623100,ID,张秀英,female,汉族,510623100000123,510623100201,1e2,,,", "contributionTierYuan", "whole"),
        ("510623100,ID,张秀英,female,汉族,510623100000123,510623100201,-100,,,", "contributionTierYuan", "whole"),
        ("510623100,ID,张秀英,female,汉族,510623100000123,510623100201", "contributionTierYuan", "fields"),
        ("510623100,ID,张秀英,female,汉族,510623100000123,510623100201,100,,,,", FormError.wholeRecord, "fields"),
        ("510623100,ID,张\"秀英,female,汉族,510623100000123,510623100201,100,,,", "name", "quote"),
        ("510623100,ID,\"张秀英\"x,female,汉族,510623100000123,510623100201,100,,,", "name", "closing quote"),
        ("510623100,ID,张秀英,female,汉族,510623100000123,510623100201,100,,,\"open", "stationId", "not closed"),
    ])
    func rowErrorsNameLineAndField(row: String, field: String, problem: String) throws {
        let line = row.replacingOccurrences(of: "ID", with: Self.id)
        let error = try #require(formError([Self.header, Self.row, line]))
        #expect(error.line == 3)
        #expect(error.field == field)
        #expect(error.problem.contains(problem))
        #expect(!error.description.contains(Self.id))
        #expect(error.description.hasPrefix("line 3, field \(field): "))
    }

    @Test func headerErrorsNameTheColumnButNeverEchoUnknownText() throws {
        let unknown = try #require(formError([Self.row, Self.row]))
        #expect(unknown.line == 1)
        #expect(unknown.field == "column 1")
        #expect(!unknown.description.contains(Self.id))
        #expect(!unknown.description.contains("510623100"))

        let missing = try #require(formError(["townshipCode,residentId,name,sex,householdNumber,villageCode"]))
        #expect(missing.field == "contributionTierYuan")
        #expect(missing.problem.contains("lacks"))

        let twice = try #require(formError([Self.header + ",name"]))
        #expect(twice.field == "name")
        #expect(twice.problem.contains("twice"))

        let empty = try #require(formError([""]))
        #expect(empty.line == 1)
        #expect(empty.field == FormError.wholeRecord)
    }

    @Test func reportsTheFirstProblemInFileOrder() throws {
        let broken = Self.row.replacingOccurrences(of: "female", with: "x")
        let error = try #require(formError([Self.header, Self.row, broken, "\"unclosed"]))
        #expect(error.line == 3)
        #expect(error.field == "sex")
    }

    @Test func populationRoundTripsThroughCSV() throws {
        let population = TestPopulations.small
        let rows = RegistrationForms.rows(from: population)
        let wellFormed = population.records.filter { $0.payload != nil }
        #expect(rows.count == wellFormed.count)
        #expect(rows.count == population.expected.enrolled + population.expected.duplicates)
        let parsed = try RegistrationForms.parse(csv: RegistrationForms.csv(from: population))
        #expect(parsed == rows)
        #expect(parsed.map(\.payload) == wellFormed.map(\.payload))
        #expect(parsed.map(\.townshipCode) == wellFormed.map(\.townshipCode))
    }

    @Test func writerQuotesOnlyWhereNeeded() throws {
        let payload = RegistrationSubmitted(
            residentId: Self.id,
            name: "王\"大\"明",
            sex: .male,
            householdNumber: "510623100000007",
            villageCode: "510623100003",
            contributionTierYuan: 500,
            stationId: "凯江镇, 窗口 2"
        )
        let row = FormRow(line: 2, townshipCode: "510623100", payload: payload)
        let text = RegistrationForms.csv(from: [row])
        #expect(text.contains(",\"王\"\"大\"\"明\","))
        #expect(text.contains(",\"凯江镇, 窗口 2\",,\n"))
        #expect(text.contains(",\(Self.id),"))
        #expect(try RegistrationForms.parse(csv: text) == [row])
    }
}
