import Foundation
import PensionDomain
import PensionPayouts
import PensionStore
import PensionTestSupport
import Testing

@Suite struct EligibilityTests {
    typealias F = EligibilityFixture
    static let household = "510623101000042"
    let father = F.residentID(born: "19400105", 11)
    let mother = F.residentID(born: "19450620", 22)
    let son = F.residentID(born: "19700301", 33)
    let daughter = F.residentID(born: "19750911", 44)

    func family(_ fixture: F, children: [String]? = nil) async throws {
        let kids = children ?? [son, daughter]
        try await fixture.register(
            household: Self.household, [(father, .head), (mother, .spouse)] + kids.map { ($0, .child) })
        for id in [father, mother] + kids {
            try await fixture.enroll(id, household: Self.household, bankAccount: id == father ? "6217001234567890123" : nil)
        }
    }

    @Test(arguments: StoreBackend.allCases) func parentVerifiedFirstIsHeldAndReleasedOnceByTheLastChild(_ backend: StoreBackend) async throws {
        let fixture = try await F(backend)
        try await family(fixture)
        let held = try await fixture.process(fixture.verified(father))
        #expect(held.map(\.type) == ["pension.held"])
        let hold = try held[0].payload(PensionHeld.self)
        #expect(hold.reasonCode == "family_binding")
        #expect(hold.membersNotEnrolled == 2)
        #expect(held[0].key == father && held[0].topic == "pension.eligibility")

        #expect(try await fixture.process(fixture.verified(son)).isEmpty)
        let sonID = UUID()
        let released = try await fixture.process(fixture.verified(daughter, eventId: sonID, day: 25))
        #expect(released.map(\.type) == ["pension.released", "certificate.print.requested"])
        let release = try released[0].payload(PensionReleased.self)
        #expect(release.residentId == father)
        #expect(release.releasedByEventId == sonID)
        #expect(release.monthlyAmountFen == 5_500)
        #expect(release.eligibleOn.description == "2011-11-25")
        #expect(release.firstPaidMonth == "2011-12")
        let certificate = try released[1].payload(CertificatePrintRequested.self)
        #expect(certificate.residentId == father)
        #expect(certificate.eligibilityEventId == released[0].eventId)
        #expect(certificate.bankAccountMasked == "***************0123")
        #expect(certificate.benefitType == "basic_pension")
        #expect(released[1].topic == "pension.certificate.print-jobs")

        // The mother, verified after both children, is eligible at once.
        let mothers = try await fixture.process(fixture.verified(mother))
        #expect(mothers.map(\.type) == ["pension.eligible", "certificate.print.requested"])
        let certificateOfMother = try mothers[1].payload(CertificatePrintRequested.self)
        #expect(certificateOfMother.bankAccountMasked == nil)

        let summary = try #require(try await fixture.store.eligibilitySummaries().first)
        #expect(summary.eligible == 2 && summary.released == 1 && summary.held == 0 && summary.contributors == 2)
        #expect(summary.monthlyFen == 11_000)
    }

    @Test(arguments: StoreBackend.allCases) func replayingTheReleasingEventResendsTheStoredReleaseAndReleasesNothingAgain(_ backend: StoreBackend) async throws {
        let fixture = try await F(backend)
        try await family(fixture, children: [son])
        let fatherEvent = fixture.verified(father)
        let sonEvent = fixture.verified(son)
        let first = try await fixture.process([fatherEvent, sonEvent])
        #expect(first[0].map(\.type) == ["pension.held"])
        #expect(first[1].map(\.type) == ["pension.released", "certificate.print.requested"])

        // Redelivered (same event IDs), in any order: the stored follow-ups come back, identical byte for byte.
        let again = try await fixture.process([sonEvent, fatherEvent])
        #expect(again[0] == first[1])
        #expect(again[1] == first[0])
        let summary = try #require(try await fixture.store.eligibilitySummaries().first)
        #expect(summary.eligible == 1 && summary.released == 1 && summary.held == 0)

        // A second verification of the same child (a new event) changes nothing and releases nobody.
        #expect(try await fixture.process(fixture.verified(son)).isEmpty)
        #expect(try await fixture.store.processedCount(stage: StoreStage.eligibility) == 3)
    }

    @Test(arguments: StoreBackend.allCases) func everyOrderOfArrivalEndsEligibleWithExactlyOneCertificate(_ backend: StoreBackend) async throws {
        let ids = [father, son, daughter]
        let orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]
        for order in orders {
            for batched in [false, true] {
                let fixture = try await F(backend)
                try await family(fixture)
                let days = [22, 25, 20]  // father, son, daughter
                let events = order.map { fixture.verified(ids[$0], day: days[$0]) }
                let produced = batched
                    ? try await fixture.process(events).flatMap { $0 }
                    : try await { var all: [Produced] = []; for e in events { all += try await fixture.process(e) }; return all }()
                let certificates = produced.filter { $0.type == "certificate.print.requested" }
                #expect(certificates.count == 1, "\(order) batched: \(batched)")
                let certificate = try certificates.first?.payload(CertificatePrintRequested.self)
                #expect(certificate?.residentId == father)
                // Eligible from the last verification of the household, whatever the order of arrival.
                #expect(certificate?.eligibleOn.description == "2011-11-25", "\(order)")
                #expect(certificate?.firstPaidMonth == "2011-12")
                let fatherLast = order.last == 0
                #expect(produced.contains { $0.type == "pension.eligible" } == fatherLast, "\(order)")
                #expect(produced.contains { $0.type == "pension.released" } == !fatherLast, "\(order)")
                #expect(produced.contains { $0.type == "pension.held" } == !fatherLast, "\(order)")
            }
        }
    }

    @Test(arguments: StoreBackend.allCases) func concurrentBatchesOfOneHouseholdReleaseTheParentOnce(_ backend: StoreBackend) async throws {
        // Two workers at once, one with the parents, one with the last children: neither may miss the other.
        let households = (10..<30).map {
            ("5106231010010\($0)", F.residentID(born: "19400105", 100 + $0), F.residentID(born: "19700301", 200 + $0))
        }
        for _ in 0..<3 {
            let fixture = try await F(backend)
            for (household, parent, child) in households {
                try await fixture.register(household: household, [(parent, .head), (child, .child)])
                try await fixture.enroll(parent, household: household)
                try await fixture.enroll(child, household: household)
            }
            let parents = try fixture.decide(households.map { fixture.verified($0.1) })
            let children = try fixture.decide(households.map { fixture.verified($0.2) })
            let (handler, store) = (fixture.handler, fixture.store)
            async let warm = store.eligibilitySummaries()  // both pooled connections open before the race
            _ = try await (store.eligibilitySummaries(), warm)
            async let first = F.apply(parents, with: handler)
            async let second = F.apply(children, with: handler)
            let produced = try await (first + second).flatMap { $0 }
            #expect(produced.filter { $0.type == "certificate.print.requested" }.count == households.count)
            let summary = try #require(try await fixture.store.eligibilitySummaries().first)
            #expect(summary.eligible == households.count && summary.held == 0)
        }
    }

    @Test(arguments: StoreBackend.allCases) func aRejectedOrAbsentChildKeepsTheParentHeld(_ backend: StoreBackend) async throws {
        let fixture = try await F(backend)
        try await family(fixture)
        _ = try await fixture.process(fixture.verified(father))
        #expect(try await fixture.process(fixture.rejected(son)).isEmpty)
        #expect(try await fixture.process(fixture.verified(daughter)).isEmpty)
        let summary = try #require(try await fixture.store.eligibilitySummaries().first)
        #expect(summary.heldByReason == ["family_binding": 1])
        #expect(summary.eligible == 0)
        #expect(try await fixture.store.processedCount(stage: StoreStage.eligibility) == 3)
    }

    @Test(arguments: StoreBackend.allCases) func withoutFamilyBindingTheElderlyAreEligibleAtOnce(_ backend: StoreBackend) async throws {
        var rules = PensionRules()
        rules.familyBinding = false
        let fixture = try await F(backend, rules: rules)
        try await family(fixture)
        let produced = try await fixture.process(fixture.verified(father))
        #expect(produced.map(\.type) == ["pension.eligible", "certificate.print.requested"])
        let eligible = try produced[0].payload(PensionEligible.self)
        #expect(eligible.eligibleOn.description == "2011-11-20")
        #expect(eligible.firstPaidMonth == "2011-12")
    }

    @Test(arguments: StoreBackend.allCases) func membersOutsideContributionAgeDoNotBind(_ backend: StoreBackend) async throws {
        let fixture = try await F(backend)
        let grandchild = F.residentID(born: "19960101", 55)  // 15 on the start date
        let sixtyYearOld = F.residentID(born: "19511118", 66)  // 60 that day
        try await fixture.register(
            household: Self.household, [(father, .head), (grandchild, .grandchild), (sixtyYearOld, .sibling)])
        for id in [father, sixtyYearOld] { try await fixture.enroll(id, household: Self.household) }
        #expect(try await fixture.process(fixture.verified(father)).map(\.type)
            == ["pension.eligible", "certificate.print.requested"])
        #expect(try await fixture.process(fixture.verified(sixtyYearOld)).map(\.type)
            == ["pension.eligible", "certificate.print.requested"])
    }

    @Test(arguments: StoreBackend.allCases) func anExemptMemberOfContributionAgeDoesNotBind(_ backend: StoreBackend) async throws {
        let fixture = try await F(backend)
        // The son is a student and the daughter in the employees' scheme: neither enrols, neither holds the father.
        try await fixture.register(
            household: Self.household, [(father, .head), (son, .child), (daughter, .child)],
            exempt: [son: .student, daughter: .employeeScheme])
        try await fixture.enroll(father, household: Self.household)
        #expect(try await fixture.process(fixture.verified(father)).map(\.type)
            == ["pension.eligible", "certificate.print.requested"])

        // The same household without the exemptions holds him until the children enrol.
        let other = try await F(backend)
        try await other.register(household: Self.household, [(father, .head), (son, .child), (daughter, .child)])
        try await other.enroll(father, household: Self.household)
        #expect(try await other.process(other.verified(father)).map(\.type) == ["pension.held"])
    }

    @Test(arguments: StoreBackend.allCases) func heldForOtherReasons(_ backend: StoreBackend) async throws {
        let fixture = try await F(backend)
        try await fixture.enroll(father, household: Self.household)  // registered, but not in the register
        let notInRegister = try await fixture.process(fixture.verified(father))
        #expect(try notInRegister[0].payload(PensionHeld.self).reasonCode == "not_in_register")
        try await fixture.register(household: Self.household, [(mother, .head)])  // in the register, no registration
        let noRegistration = try await fixture.process(fixture.verified(mother))
        #expect(try noRegistration[0].payload(PensionHeld.self).reasonCode == "no_registration")
        let summary = try #require(try await fixture.store.eligibilitySummaries().first)
        #expect(summary.heldByReason == ["not_in_register": 1, "no_registration": 1])
    }

    @Test(arguments: StoreBackend.allCases) func followUpIDsAreDerivedSoTheSameChangeGivesTheSameEvent(_ backend: StoreBackend) async throws {
        let id = UUID()
        var ids: [UUID] = []
        for _ in 0..<2 {
            var rules = PensionRules()
            rules.familyBinding = false
            let fixture = try await F(backend, rules: rules)
            try await fixture.register(household: Self.household, [(father, .head)])
            try await fixture.enroll(father, household: Self.household)
            ids += try await fixture.process(fixture.verified(father, eventId: id)).map(\.eventId)
        }
        #expect(ids.count == 4)
        #expect(ids[0] == ids[2] && ids[1] == ids[3] && ids[0] != ids[1])
    }

    @Test func aTownshipOutsideThePartitionPlanIsADeadLetterNotARetry() async throws {
        let fixture = try await F()
        let event = EligibilityEvent.verified(EventEnvelope(
            townshipCode: "510623999",
            payload: IDVerified(residentId: father, birthDate: F.birthDate(of: father), sex: .male,
                                villageCode: "510623999201", requestEventId: UUID())))
        #expect(throws: EventDecodingError.self) {
            try fixture.handler.decide(event, at: SourcePosition(topic: "t", partition: 0, offset: 0), context: ())
        }
    }
}
