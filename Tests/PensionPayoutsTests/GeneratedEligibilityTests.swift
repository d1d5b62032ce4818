import Foundation
import PensionDomain
import PensionPayouts
import PensionSimulation
import PensionStore
import PensionTestSupport
import Testing

/// The generator's expected eligibility against the eligibility stage on a real store, fed the generated
/// registrations and the verification results in registration order (what one partition delivers), without Kafka.
@Suite struct GeneratedEligibilityTests {
    static let population: GeneratedPopulation = {
        var settings = GeneratorSettings(townshipCodes: ["510623101", "510623204"])
        settings.residentsPerTownship = 800
        settings.seed = 11
        return PopulationGenerator().generate(settings)
    }()

    @Test(arguments: StoreBackend.allCases) func theStageReachesExactlyTheExpectedEligibility(_ backend: StoreBackend) async throws {
        let population = Self.population
        let expected = population.expectedEligibility
        // The population must exercise every path, or this test proves little.
        #expect(expected.eligible > 100)
        #expect(expected.released > 10)
        #expect(expected.eligible - expected.released > 10)
        #expect(expected.heldByReason["family_binding", default: 0] > 10)
        #expect(expected.contributors > 500)

        let fixture = try await EligibilityFixture(backend)
        try await fixture.store.loadHouseholdRegister(population.householdRegister.map {
            HouseholdMember(householdNumber: $0.householdNumber, residentId: $0.residentId, name: $0.name,
                            relationship: $0.relationship, sex: $0.sex, birthDate: $0.birthDate)
        })
        var offset: Int64 = 0
        var registrations: [RegistrationRecord] = []
        var events: [EligibilityEvent] = []
        for record in population.records {
            guard let form = record.payload, let eventId = record.eventId else { continue }
            offset += 1
            registrations.append(RegistrationRecord(
                eventId: eventId, source: SourcePosition(topic: "r", partition: 0, offset: offset),
                townshipCode: record.townshipCode, residentId: MessageKey.resident(form.residentId), name: form.name,
                sex: form.sex, householdNumber: form.householdNumber, villageCode: form.villageCode,
                contributionTierYuan: form.contributionTierYuan, bankAccount: form.bankAccount,
                occurredAt: record.occurredAt))
            guard record.kind == .valid || record.kind == .duplicate else {
                if case .invalidID = record.kind {
                    events.append(.rejected(EventEnvelope(
                        eventId: UUID(), occurredAt: record.occurredAt, townshipCode: record.townshipCode,
                        payload: IDRejected(residentId: form.residentId, reasonCode: "x", villageCode: form.villageCode,
                                            requestEventId: eventId))))
                }
                continue
            }
            let id = try ResidentID.parse(form.residentId)
            events.append(.verified(EventEnvelope(
                eventId: UUID(), occurredAt: record.occurredAt, townshipCode: record.townshipCode,
                payload: IDVerified(residentId: id.value, birthDate: id.birthDate, sex: id.sex,
                                    villageCode: form.villageCode, requestEventId: eventId))))
        }
        _ = try await fixture.store.applyRegistrations(registrations, deadLetters: [])
        var produced: [Produced] = []
        for start in stride(from: 0, to: events.count, by: 97) {
            produced += try await fixture.process(Array(events[start..<min(start + 97, events.count)])).flatMap { $0 }
        }

        let summaries = try await fixture.store.eligibilitySummaries()
        for code in population.settings.townshipCodes {
            let want = try #require(population.expectedEligibilityByTownship[code])
            let got = try #require(summaries.first { $0.townshipCode == code })
            #expect(got.eligible == want.eligible, "\(code)")
            #expect(got.released == want.released, "\(code)")
            #expect(got.heldByReason == want.heldByReason, "\(code)")
            #expect(got.contributors == want.contributors, "\(code)")
            #expect(got.monthlyFen == want.monthlyFen, "\(code)")
        }
        let certificates = produced.filter { $0.type == CertificatePrintRequested.eventType }
        #expect(certificates.count == expected.eligible)
        #expect(Set(certificates.map(\.key)).count == expected.eligible)
        #expect(produced.filter { $0.type == PensionReleased.eventType }.count == expected.released)
        #expect(produced.filter { $0.type == PensionHeld.eventType }.count == expected.held + expected.released)
    }

    @Test func householdsHaveElderlyWithAdultChildrenAndRegisterOnlyMembers() {
        let population = Self.population
        // Register entries no form names: register-only children, and people whose form has another ID (mistyped).
        func absent(_ population: GeneratedPopulation) -> [HouseholdRegisterEntry] {
            let registered = Set(population.records.compactMap { $0.payload.map { MessageKey.resident($0.residentId) } })
            return population.householdRegister.filter { !registered.contains($0.residentId) }
        }
        var settings = population.settings
        settings.absentChildShare = 0
        let withoutAbsentees = PopulationGenerator().generate(settings)
        // Every resident is in the register once; register-only children come on top.
        #expect(withoutAbsentees.householdRegister.count == 1_600)
        #expect(population.householdRegister.count - 1_600 > 10)
        #expect(absent(population).filter { $0.relationship == .child }.count
            >= population.householdRegister.count - 1_600)
        let households = Dictionary(grouping: population.householdRegister, by: \.householdNumber)
        #expect(households.values.allSatisfy { (1...5).contains($0.count) })
        #expect(households.values.allSatisfy { $0.filter { $0.relationship == .head }.count == 1 })
        let rules = population.settings.effectivePensionRules
        let elderlyWithChildren = households.values.filter { members in
            members.contains { rules.isPensionAge(bornOn: $0.birthDate) }
                && members.contains { $0.relationship == .child && rules.isContributionAge(bornOn: $0.birthDate) }
        }
        #expect(elderlyWithChildren.count > 50)
    }
}
