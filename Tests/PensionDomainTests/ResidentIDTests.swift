import Foundation
import PensionDomain
import Testing

@Suite struct ResidentIDTests {
    @Test(arguments: [
        ("11010519491231002X", "110105", "1949-12-31", Sex.female),
        ("440524188001010014", "440524", "1880-01-01", Sex.male),
        ("34052419800101001X", "340524", "1980-01-01", Sex.male),
    ])
    func publishedExamplesValidate(raw: String, division: String, birth: String, sex: Sex) throws {
        let id = try ResidentID.parse(raw)
        #expect(id.value == raw)
        #expect(id.divisionCode == division)
        #expect(id.birthDate.description == birth)
        #expect(id.sex == sex)
        #expect(!id.wasConvertedFromLegacy)
    }

    @Test func checkCharacterMatchesIndependentComputation() {
        for id in Fixtures.residentIDs(count: 500) {
            let first17 = id.prefix(17)
            #expect(ResidentID.checkCharacter(forFirst17: first17) == IndependentCheck.character(for: String(first17)))
        }
        #expect(ResidentID.checkCharacter(forFirst17: "1234") == nil)
        #expect(ResidentID.checkCharacter(forFirst17: "1101051949123100A") == nil)
    }

    @Test func acceptsLowercaseXAndWhitespace() throws {
        let id = try ResidentID.parse("  11010519491231002x\n")
        #expect(id.value == "11010519491231002X")
    }

    @Test func convertsLegacyFifteenDigitNumbers() throws {
        for legacy in ["110105491231002", "510623510101123", "510623380228204"] {
            let first17 = legacy.prefix(6) + "19" + legacy.dropFirst(6)
            let expected = first17 + String(IndependentCheck.character(for: String(first17)))
            let id = try ResidentID.parse(legacy)
            #expect(id.value == expected)
            #expect(id.wasConvertedFromLegacy)
            #expect(id.birthDate.year == 1900 + Int(legacy.dropFirst(6).prefix(2))!)
        }
        #expect(try ResidentID.parse("110105491231002").value == "11010519491231002X")
    }

    @Test func sexFollowsSequenceParity() throws {
        for id in Fixtures.residentIDs(count: 200) {
            let sequence = Int(id.dropFirst(14).prefix(3))!
            #expect(try ResidentID.parse(id).sex == (sequence % 2 == 1 ? .male : .female))
        }
    }

    @Test func everySingleDigitSubstitutionIsCaught() throws {
        let first17 = "51062319510312123"
        let valid = Array(first17 + String(IndependentCheck.character(for: first17)))
        _ = try ResidentID.parse(String(valid))
        for position in 0..<17 {
            for digit in "0123456789" where digit != valid[position] {
                var changed = valid
                changed[position] = digit
                let error = #expect(throws: ResidentIDError.self) { try ResidentID.parse(String(changed)) }
                #expect(error?.reason == .badCheckCharacter)
            }
        }
    }

    @Test(arguments: [
        ("", ResidentIDError.Reason.empty),
        ("   \t", .empty),
        ("1101051949123100", .badLength),
        ("11010519491231002X1", .badLength),
        ("11010519491231002A", .badCharacter),
        ("1101051949X231002X", .badCharacter),
        ("１1010519491231002X", .badCharacter),
        ("11010549123100X", .badCharacter),
        ("110105194912310021", .badCheckCharacter),
        ("510623850101996", .legacyBefore1900),
        ("510623850101999", .legacyBefore1900),
        ("510623850230123", .badBirthDate),
    ])
    func rejects(raw: String, reason: ResidentIDError.Reason) {
        let error = #expect(throws: ResidentIDError.self) { try ResidentID.parse(raw) }
        #expect(error?.reason == reason)
    }

    @Test(arguments: ["19490230", "18791231", "20110001", "20111232"])
    func rejectsBadBirthDateWithValidCheckCharacter(date: String) {
        let first17 = "510623" + date + "123"
        let raw = first17 + String(IndependentCheck.character(for: first17))
        let error = #expect(throws: ResidentIDError.self) { try ResidentID.parse(raw) }
        #expect(error?.reason == .badBirthDate)
    }

    @Test func everyReasonHasAFailingInput() {
        let inputs = ["", "123", "11010519491231002A", "110105194912310021", "510623850101997", "510623850230123"]
        var seen: Set<ResidentIDError.Reason> = []
        for raw in inputs {
            do {
                _ = try ResidentID.parse(raw)
            } catch {
                seen.insert(error.reason)
            }
        }
        #expect(seen == Set(ResidentIDError.Reason.allCases))
    }

    @Test func errorDescriptionsNeverContainTheNumber() {
        let inputs = ["110105194912310021", "11010519491231002A", "510623850101996", "5106231949023012"]
        for raw in inputs {
            let error = #expect(throws: ResidentIDError.self) { try ResidentID.parse(raw) }
            let description = error?.description ?? raw
            #expect(description.hasPrefix("resident ID: \(error?.reason.rawValue ?? "?")"))
            #expect(!description.contains(raw))
            #expect(!description.contains(raw.prefix(6)))
        }
    }

    @Test func masksItsValue() throws {
        let id = try ResidentID.parse("11010519491231002X")
        #expect(id.masked == "110105********002X")
        #expect("\(id)" == "110105********002X")
        #expect(!String(reflecting: id).contains("19491231"))
    }

    @Test func codableAsValidatedString() throws {
        let decoded = try JSONDecoder().decode([ResidentID].self, from: Data(#"["11010519491231002x"]"#.utf8))
        #expect(decoded.first?.value == "11010519491231002X")
        let encoded = String(decoding: try JSONEncoder().encode(decoded), as: UTF8.self)
        #expect(encoded == #"["11010519491231002X"]"#)
        let error = #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([ResidentID].self, from: Data(#"["110105194912310021"]"#.utf8))
        }
        #expect(!String(describing: error).contains("110105194912310021"))
    }

    @Test func equalityUsesValue() throws {
        let legacy = try ResidentID.parse("110105491231002")
        let modern = try ResidentID.parse("11010519491231002X")
        #expect(legacy == modern)
        #expect(Set([legacy, modern]).count == 1)
    }
}
