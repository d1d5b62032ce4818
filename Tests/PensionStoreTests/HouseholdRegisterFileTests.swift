import Testing

@testable import PensionStore

@Suite struct HouseholdRegisterFileTests {
    @Test func parsesQuotesBOMCRLFAndBlankLines() throws {
        let csv = "\u{FEFF}householdNumber,residentId,name\r\n"
            + "H1, \(Sample.residentID(1)) ,张三\r\n"
            + "\r\n"
            + "\"H,2\",\(Sample.residentID(2).lowercased()),\"阿依古丽·\"\"买买提\"\"\"\n"

        let members = try HouseholdRegisterFile.parse(csv: csv)

        #expect(
            members == [
                HouseholdMember(householdNumber: "H1", residentId: Sample.residentID(1), name: "张三"),
                HouseholdMember(householdNumber: "H,2", residentId: Sample.residentID(2), name: "阿依古丽·\"买买提\""),
            ])
    }

    @Test func readsTheOptionalExemptionColumn() throws {
        let header = "householdNumber,residentId,name,relationship,sex,birthDate,exemption\n"
        let csv = header
            + "H1,\(Sample.residentID(1)),甲,head,male,1940-01-05,\n"
            + "H1,\(Sample.residentID(2)),乙,child,female,1990-03-01,student\n"
            + "H1,\(Sample.residentID(3)),丙,child,male,1975-09-11,employee_scheme\n"

        let members = try HouseholdRegisterFile.parse(csv: csv)

        #expect(members.map(\.exemption) == [nil, .student, .employeeScheme])
        #expect(members.map(\.relationship) == [.head, .child, .child])
        #expect(throws: HouseholdRegisterFileError(.badValue, line: 2, column: "exemption")) {
            try HouseholdRegisterFile.parse(csv: header + "H1,\(Sample.residentID(1)),甲,head,male,1940-01-05,retired\n")
        }
    }

    @Test func normalisesLegacyAndLowercaseIDs() throws {
        let csv = "householdNumber,residentId,name\nH1,510623560412001,甲\nH1,51062319560412001x,乙\n"

        let members = try HouseholdRegisterFile.parse(csv: csv)

        #expect(members.map(\.residentId) == ["510623195604120012", "51062319560412001X"])
    }

    @Test(arguments: [
        ("", HouseholdRegisterFileError(.missingHeader, line: 1, column: nil)),
        ("householdNumber,resident,name\n", HouseholdRegisterFileError(.badHeader, line: 1, column: "residentId")),
        ("householdNumber,residentId,name\nH1,11010519491231002X,张三\nH2, ,李四\n",
            HouseholdRegisterFileError(.emptyField, line: 3, column: "residentId")),
        ("householdNumber,residentId,name\n\nH1,11010519491231002X\n",
            HouseholdRegisterFileError(.missingField, line: 3, column: "name")),
        ("householdNumber,residentId,name\nH1,11010519491231002X,张三,extra\n",
            HouseholdRegisterFileError(.extraField, line: 2, column: nil)),
        ("householdNumber,residentId,name\nH1,\"11010519491231002X,张三\n",
            HouseholdRegisterFileError(.badQuoting, line: 2, column: "residentId")),
        ("householdNumber,residentId,name\nH1,\"1101\"05,张三\n",
            HouseholdRegisterFileError(.badQuoting, line: 2, column: "residentId")),
    ])
    func errorsNameTheLineAndColumn(csv: String, expected: HouseholdRegisterFileError) {
        #expect(throws: expected) {
            try HouseholdRegisterFile.parse(csv: csv)
        }
    }

    @Test func errorDescriptionNamesThePlaceButNotTheValue() throws {
        let csv = "householdNumber,residentId,name\nH1,11010519491231002X,张三,秘密\n"

        let error = try #require(throws: HouseholdRegisterFileError.self) {
            try HouseholdRegisterFile.parse(csv: csv)
        }

        #expect(error.description == "household register line 2: extra_field")
        #expect(!error.description.contains("11010519491231002X"))
        #expect(!error.description.contains("秘密"))
        let empty = HouseholdRegisterFileError(.emptyField, line: 3, column: "name")
        #expect(empty.description == "household register line 3, column name: empty_field")
    }
}
