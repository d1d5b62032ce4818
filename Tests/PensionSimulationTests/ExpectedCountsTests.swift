import PensionSimulation
import Testing

@Suite struct ExpectedCountsTests {
    @Test(arguments: TestPopulations.names)
    func countsAreConsistent(name: String) throws {
        let population = try #require(TestPopulations.named[name])
        let expected = population.expected
        #expect(expected.submitted == population.records.count)
        #expect(expected.submitted == expected.enrolled + expected.duplicates + expected.malformed)
        #expect(expected.enrolled == expected.verified + expected.rejected)
        #expect(population.expectedByTownship.values.reduce(.zero, +) == expected)
        #expect(Set(population.expectedByTownship.keys) == Set(population.settings.townshipCodes))
        for (code, counts) in population.expectedByTownship {
            #expect(counts.submitted == population.records.filter { $0.townshipCode == code }.count)
            #expect(counts.enrolled == population.settings.residentsPerTownship - counts.malformed)
        }
    }

    @Test(arguments: TestPopulations.names)
    func countsFollowFromAnIndependentReadingOfTheRecords(name: String) throws {
        let population = try #require(TestPopulations.named[name])
        let oracle = PipelineOracle.counts(of: population)
        #expect(oracle == population.expectedByTownship)
    }

    @Test func kindsMatchAnIndependentReadingRecordByRecord() {
        let population = TestPopulations.small
        let register = population.householdNumbersByResident()
        for record in population.records {
            guard let payload = record.payload else { continue }
            let reason = population.rules.rejectionReason(
                residentId: payload.residentId,
                householdNumber: payload.householdNumber,
                registeredHouseholdNumber: register[record.key]
            )
            switch record.kind {
            case .valid, .duplicate: #expect(reason == nil)
            case .invalidID(let expected): #expect(reason == expected)
            case .malformed: Issue.record("a malformed record has a payload")
            }
        }
    }

    @Test func recordsAreInTimeOrderWithDuplicatesAfterTheirOriginal() {
        let records = TestPopulations.fiveThousand.records
        #expect(zip(records, records.dropFirst()).allSatisfy { $0.occurredAt <= $1.occurredAt })
        var firstKinds: [String: GeneratedRecord.Kind] = [:]
        var duplicates = 0
        for record in records {
            if record.kind == .duplicate {
                duplicates += 1
                #expect(firstKinds[record.key] == .valid)
            } else if case .malformed = record.kind {
                continue
            } else {
                #expect(firstKinds.updateValue(record.kind, forKey: record.key) == nil)
            }
        }
        #expect(duplicates == TestPopulations.fiveThousand.expected.duplicates)
    }

    @Test func townshipsAreInterleaved() {
        let firstHundred = TestPopulations.fiveThousand.records.prefix(100)
        #expect(Set(firstHundred.map(\.townshipCode)).count == 5)
    }

    @Test func additionIsFieldByField() {
        let a = ExpectedCounts(
            submitted: 3, enrolled: 2, verified: 1, rejectedByReason: ["x": 1], malformedByCode: ["m": 1]
        )
        let b = ExpectedCounts(submitted: 1, duplicates: 1, malformedByCode: ["m": 2, "n": 1])
        let sum = a + b
        #expect(sum.submitted == 4 && sum.enrolled == 2 && sum.duplicates == 1)
        #expect(sum.malformedByCode == ["m": 3, "n": 1])
        #expect(sum.malformed == 4 && sum.rejected == 1)
    }
}
