import PensionDomain
import PensionSimulation
import Testing

@Suite struct JSONLinesFormTests {
    static let id = TestPopulations.residentID(birth: "19800101", sequence: "014")

    static func line(_ extra: String = "", tier: String = "100") -> String {
        "{\"townshipCode\":\"510623204\",\"residentId\":\"\(id)\",\"name\":\"陈强\",\"sex\":\"male\","
            + "\"householdNumber\":\"510623204000042\",\"villageCode\":\"510623204210\","
            + "\"contributionTierYuan\":\(tier)\(extra)}"
    }

    func formError(_ text: String) -> FormError? {
        do {
            _ = try RegistrationForms.parse(jsonLines: text)
            return nil
        } catch {
            return error
        }
    }

    @Test func readsLinesSkippingBlankOnes() throws {
        let text = Self.line() + "\n\n" + Self.line(",\"phone\":null,\"bankAccount\":\"\",\"stationId\":\"S1\"") + "\n"
        let rows = try RegistrationForms.parse(jsonLines: text)
        #expect(rows.map(\.line) == [1, 3])
        #expect(rows[0].payload.residentId == Self.id)
        #expect(rows[0].payload.contributionTierYuan == 100)
        #expect(rows[1].payload.phone == nil)
        #expect(rows[1].payload.bankAccount == nil)
        #expect(rows[1].payload.stationId == "S1")
    }

    @Test(arguments: [
        (line(tier: "\"100\""), "contributionTierYuan", "integer"),
        (line(tier: "100.5"), "contributionTierYuan", "integer"),
        (line(",\"phone\":13812345678"), "phone", "string"),
        (line(",\"phoen\":\"x\""), FormError.wholeRecord, "not a form column"),
        ("[1,2]", FormError.wholeRecord, "JSON object"),
        ("{\"townshipCode\":", FormError.wholeRecord, "not valid JSON"),
        (line().replacingOccurrences(of: "\"name\":\"陈强\",", with: ""), "name", "required"),
    ])
    func errorsNameLineAndField(text: String, field: String, problem: String) throws {
        let error = try #require(formError(Self.line() + "\n" + text + "\n"))
        #expect(error.line == 2)
        #expect(error.field == field)
        #expect(error.problem.contains(problem))
        #expect(!error.description.contains(Self.id))
    }

    @Test func populationRoundTripsThroughJSONLines() throws {
        let rows = RegistrationForms.rows(from: TestPopulations.small)
        let text = RegistrationForms.jsonLines(from: rows)
        let parsed = try RegistrationForms.parse(jsonLines: text)
        #expect(parsed.map(\.payload) == rows.map(\.payload))
        #expect(parsed.map(\.townshipCode) == rows.map(\.townshipCode))
        #expect(parsed.map(\.line) == Array(1...rows.count))
        #expect(!text.contains("null"))
    }
}
