import PensionDomain
import Testing

@Suite("ID-verification policy")
struct IDVerificationPolicyTests {
    let policy = IDVerificationPolicy(
        referenceDate: CivilDate(year: 2011, month: 11, day: 18)!, minimumAge: 16,
        acceptedDivisionCodes: ["510623", "510603"]
    )

    /// A valid ID from a division and birth date, with the check character computed independently.
    func id(_ division: String, _ birth: String, sequence: String = "123") -> String {
        let first17 = division + birth + sequence
        return first17 + String(IndependentCheck.character(for: first17))
    }

    @Test("a genuine ID of an accepted region, old enough, in the register, is verified")
    func verified() throws {
        let raw = id("510623", "19500101")
        guard case .verified(let parsed) = policy.decide(residentId: raw, householdNumber: "H1", registeredHouseholdNumber: "H1")
        else { Issue.record("expected verified"); return }
        #expect(parsed.value == raw)
        #expect(parsed.sex == .male)
    }

    @Test("each failure has its own reason code", arguments: [
        ("wrong check character", "bad_check_character"),
        ("other province", "region_not_accepted"),
        ("born after the reference date", "born_after_reference_date"),
        ("15 years old", "under_minimum_age"),
        ("not in the register", "not_in_household_register"),
        ("another household", "household_mismatch"),
        ("too short", "bad_length"),
    ])
    func rejected(_ situation: String, _ reason: String) {
        let good = id("510623", "19800101")
        let cases: [String: (String, String?)] = [
            "wrong check character": (String(good.dropLast()) + (good.last == "0" ? "1" : "0"), "H1"),
            "other province": (id("110105", "19800101"), "H1"),
            "born after the reference date": (id("510623", "20120101"), "H1"),
            "15 years old": (id("510623", "19960101"), "H1"),
            "not in the register": (good, nil),
            "another household": (good, "H2"),
            "too short": ("51062319800101", "H1"),
        ]
        let (raw, registered) = cases[situation]!
        #expect(policy.decide(residentId: raw, householdNumber: "H1", registeredHouseholdNumber: registered) == .rejected(reason))
    }

    @Test("age is counted in full years on the reference date")
    func birthdayOnReferenceDate() {
        let sixteenToday = id("510623", "19951118")
        let sixteenTomorrow = id("510623", "19951119")
        #expect(policy.decide(residentId: sixteenToday, householdNumber: "H", registeredHouseholdNumber: "H") != .rejected("under_minimum_age"))
        #expect(policy.decide(residentId: sixteenTomorrow, householdNumber: "H", registeredHouseholdNumber: "H") == .rejected("under_minimum_age"))
    }
}
