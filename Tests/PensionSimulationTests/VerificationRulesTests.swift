import PensionDomain
import PensionSimulation
import Testing

@Suite struct VerificationRulesTests {
    let rules = VerificationRules()
    let household = "510623100000001"

    func reason(_ id: String, household typed: String? = nil, registered: String? = "510623100000001") -> String? {
        rules.rejectionReason(
            residentId: id,
            householdNumber: typed ?? household,
            registeredHouseholdNumber: registered
        )
    }

    @Test func defaultsMatchTheConfiguration() {
        #expect(rules.acceptedDivisionCodes == ["510623", "510603", "510681"])
        #expect(rules.minimumAge == 16)
        #expect(rules.referenceDate.description == "2011-11-18")
    }

    @Test func acceptsAnAdultFromAnAcceptedDivisionInTheRegister() {
        #expect(reason(TestPopulations.residentID(birth: "19510312", sequence: "123")) == nil)
        #expect(reason(TestPopulations.residentID(division: "510681", birth: "19951118", sequence: "002")) == nil)
    }

    @Test func rejectsEachProblemWithItsCode() {
        let valid = TestPopulations.residentID(birth: "19510312", sequence: "123")
        let wrongCheck = String(valid.prefix(17)) + (valid.last == "1" ? "2" : "1")
        #expect(reason(wrongCheck) == "bad_check_character")
        #expect(reason(TestPopulations.residentID(birth: "19510230", sequence: "123")) == "bad_birth_date")
        #expect(reason(TestPopulations.residentID(division: "510722", birth: "19510312", sequence: "123"))
            == "region_not_accepted")
        // 16 on the day after the reference date: still 15.
        #expect(reason(TestPopulations.residentID(birth: "19951119", sequence: "123")) == "under_minimum_age")
        #expect(reason(TestPopulations.residentID(birth: "19951118", sequence: "123")) == nil)
        #expect(reason(valid, household: "510623100000002") == "household_mismatch")
        #expect(reason(valid, registered: nil) == "not_in_household_register")
    }

    @Test func theIDIsCheckedBeforeTheRegister() {
        let wrongCheck = TestPopulations.residentID(birth: "19510312", sequence: "123").prefix(17) + "Z"
        #expect(reason(String(wrongCheck), registered: nil) == "bad_character")
        let outside = TestPopulations.residentID(division: "500101", birth: "19990101", sequence: "001")
        #expect(reason(outside, registered: nil) == "region_not_accepted")
    }
}
