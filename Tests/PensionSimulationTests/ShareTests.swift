import PensionDomain
import PensionSimulation
import Testing

@Suite struct ShareTests {
    let population = TestPopulations.fiveThousand
    let residents = 5_000.0

    func share(_ predicate: (GeneratedRecord) -> Bool) -> Double {
        Double(population.records.filter(predicate).count) / residents
    }

    @Test func kindsFollowTheConfiguredShares() {
        let invalid = share {
            if case .invalidID = $0.kind { return true }
            return false
        }
        let malformed = share {
            if case .malformed = $0.kind { return true }
            return false
        }
        #expect((0.015...0.025).contains(invalid))
        #expect((0.02...0.04).contains(share { $0.kind == .duplicate }))
        #expect((0.005...0.015).contains(malformed))
        #expect((0.9...0.98).contains(share { $0.kind == .valid }))
    }

    @Test func aboutAQuarterOfValidResidentsAreSixtyOrOlder() throws {
        let valid = population.records.filter { $0.kind == .valid }
        let reference = VerificationRules.defaultReferenceDate
        let elderly = try valid.filter { try ResidentID.parse($0.residentId).birthDate.years(until: reference) >= 60 }
        let ratio = Double(elderly.count) / Double(valid.count)
        #expect((0.2...0.3).contains(ratio))
    }

    @Test func aFewValidResidentsComeFromOtherAcceptedDivisions() throws {
        let valid = population.records.filter { $0.kind == .valid }
        let divisions = try valid.map { try ResidentID.parse($0.residentId).divisionCode }
        let others = divisions.filter { $0 != "510623" }
        #expect(Set(others) == ["510603", "510681"])
        #expect((0.02...0.08).contains(Double(others.count) / Double(valid.count)))
    }

    @Test func everyReasonAndCodeOccurs() {
        let small = TestPopulations.small.expected
        #expect(Set(small.rejectedByReason.keys) == Set(RejectionReason.allCases.map(\.rawValue)))
        #expect(small.rejectedByReason.values.allSatisfy { $0 >= 3 })
        let codes = ["malformed_json", "missing_field", "wrong_type", "unknown_schema_version"]
        #expect(Set(small.malformedByCode.keys) == Set(codes))
    }

    @Test func sexesAndSurnamesAreMixed() {
        let register = population.householdRegister
        let women = Double(register.filter { $0.sex == .female }.count) / Double(register.count)
        #expect((0.45...0.55).contains(women))
        #expect(Set(register.map { $0.name.prefix(1) }).count >= 20)
    }
}
