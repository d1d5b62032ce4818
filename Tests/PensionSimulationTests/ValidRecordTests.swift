import Foundation
import PensionDomain
import PensionSimulation
import Testing

@Suite struct ValidRecordTests {
    let population = TestPopulations.fiveThousand
    let reference = VerificationRules.defaultReferenceDate

    var wellFormed: [GeneratedRecord] {
        population.records.filter {
            if case .malformed = $0.kind { return false }
            return true
        }
    }

    @Test func everyValidRecordDecodesWithAMatchingValidID() throws {
        let valid = population.records.filter { $0.kind == .valid || $0.kind == .duplicate }
        #expect(valid.count > 4_000)
        for record in valid {
            let event = try WireDecoder.decode(RegistrationSubmitted.self, from: Data(record.value))
            #expect(event.payload == record.payload)
            #expect(event.eventId == record.eventId)
            #expect(event.townshipCode == record.townshipCode)
            #expect(event.occurredAt == record.occurredAt)
            let id = try ResidentID.parse(event.payload.residentId)
            #expect(id.value == record.residentId)
            #expect(id.sex == event.payload.sex)
            #expect(id.birthDate.years(until: reference) >= 16)
            #expect(VerificationRules.defaultAcceptedDivisionCodes.contains(id.divisionCode))
        }
    }

    @Test func formFieldsHaveTheDocumentedShapes() throws {
        for record in wellFormed {
            let payload = try #require(record.payload)
            #expect(payload.villageCode.count == 12 && payload.villageCode.hasPrefix(record.townshipCode))
            #expect(payload.householdNumber.count == 15 && payload.householdNumber.hasPrefix(record.townshipCode))
            #expect([100, 200, 300, 400, 500].contains(payload.contributionTierYuan))
            #expect((2...3).contains(payload.name.count))
            if let phone = payload.phone {
                #expect(phone.count == 11 && phone.hasPrefix("13") && phone.allSatisfy(\.isNumber))
            }
            #expect(payload.stationId?.hasPrefix(record.townshipCode + "-") == true)
        }
    }

    @Test func onlyResidentsAgedSixtyOrMoreGiveABankAccount() throws {
        var withAccount = 0
        for record in population.records where record.kind == .valid {
            let payload = try #require(record.payload)
            let age = try ResidentID.parse(payload.residentId).birthDate.years(until: reference)
            if payload.bankAccount != nil {
                withAccount += 1
                #expect(age >= 60)
            }
        }
        #expect(withAccount > 500)
    }

    @Test func householdRegisterListsEveryValidAndDuplicateResident() {
        let register = Set(population.householdRegister.map { "\($0.residentId)/\($0.householdNumber)" })
        let registered = population.records.filter { $0.kind == .valid || $0.kind == .duplicate }
        #expect(registered.allSatisfy { register.contains("\($0.key)/\($0.payload?.householdNumber ?? "")") })
    }

    @Test func householdMismatchFormsNameAnotherHouseholdThanTheRegister() throws {
        let register = population.householdNumbersByResident()
        let mismatched = population.records.filter { $0.kind == .invalidID(reason: "household_mismatch") }
        #expect(!mismatched.isEmpty)
        for record in mismatched {
            let registered = try #require(register[record.key])
            #expect(registered != record.payload?.householdNumber)
        }
    }

    @Test func householdsHaveOneToFiveMembersAndOneHead() {
        let households = Dictionary(grouping: population.householdRegister, by: \.householdNumber)
        #expect(households.values.allSatisfy { (1...5).contains($0.count) })
        #expect(households.values.allSatisfy { $0.filter(\.isHeadOfHousehold).count == 1 })
        #expect(households.values.allSatisfy { Set($0.map(\.villageCode)).count == 1 })
        #expect(Set(population.householdRegister.map(\.residentId)).count == population.householdRegister.count)
        #expect(households.values.contains { $0.count == 5 })
    }

    @Test func villagesAreMostlyVillageCommitteesWithSomeResidentsCommittees() {
        let villageNumbers = population.householdRegister.map { Int($0.villageCode.suffix(3))! }
        let committees = villageNumbers.filter { (200...299).contains($0) }.count
        let neighbourhoods = villageNumbers.filter { (1...99).contains($0) }.count
        #expect(committees + neighbourhoods == villageNumbers.count)
        #expect(Double(neighbourhoods) / Double(villageNumbers.count) > 0.03)
        #expect(Double(committees) / Double(villageNumbers.count) > 0.8)
    }

    @Test func registerMatchesTheIDNumbers() throws {
        for member in population.householdRegister {
            let id = try ResidentID.parse(member.residentId)
            #expect(id.birthDate == member.birthDate)
            #expect(id.sex == member.sex)
        }
    }

    @Test func descriptionsMaskPersonalData() throws {
        let member = try #require(population.householdRegister.first)
        #expect(!member.description.contains(member.residentId))
        #expect(!member.description.contains(member.name))
    }
}
