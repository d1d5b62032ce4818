import PensionDomain

/// Generates the households and residents of one township, all with valid data.
///
/// Households share a household number (township code + 6 digits), a village (mostly village committees 200–2xx,
/// some residents' committees 001–0xx) and a registration station, and are of two kinds:
/// - **elderly households** (about half, chosen so that ``GeneratorSettings/elderlyShare`` of the residents are 60+):
///   one or two people aged 60–94 (head and spouse), often with one to three adult children (`child`, aged 20–35
///   years younger, within the minimum age to 59);
/// - **working households**: a head aged 20–59, perhaps a spouse of about the same age, and adult children or
///   siblings of the head.
///
/// An adult child of an elderly household may be *register-only* (``GeneratorSettings/absentChildShare``): listed in
/// the household register (working elsewhere, say) but never registering, so the family binding of that household's
/// elderly never holds. Households have 1–5 register members; the second member often has another surname (a spouse).
struct TownshipPopulationBuilder {
    let townshipCode: String
    let settings: GeneratorSettings

    /// The township's people: those who register (`settings.residentsPerTownship`) and the register-only ones.
    struct People {
        var residents: [Resident]
        var absentees: [Resident]
    }

    /// `settings.residentsPerTownship` residents; every ID number is new to `usedIDs` and added to it.
    func residents(using rng: inout SplitMix64, usedIDs: inout Set<String>) -> [Resident] {
        people(using: &rng, usedIDs: &usedIDs).residents
    }

    /// The registering residents and the register-only ones; every ID number is new to `usedIDs` and added to it.
    func people(using rng: inout SplitMix64, usedIDs: inout Set<String>) -> People {
        let count = settings.residentsPerTownship
        let villageCommittees = rng.int(in: 12...40)
        let residentsCommittees = rng.int(in: 1...6)
        var householdSerial = rng.int(in: 1...50)
        var people = People(residents: [], absentees: [])
        people.residents.reserveCapacity(count)
        let elderlyHouseholds = Self.elderlyHouseholdShare(for: settings.elderlyShare)
        while people.residents.count < count {
            let village = rng.chance(0.88) ? 200 + rng.below(villageCommittees) : 1 + rng.below(residentsCommittees)
            let household = Household(
                number: townshipCode + householdSerial.zeroPadded(6),
                villageCode: townshipCode + village.zeroPadded(3),
                surname: rng.element(of: NameBank.surnames),
                stationId: townshipCode + "-" + rng.int(in: 1...3).zeroPadded(2)
            )
            householdSerial += rng.int(in: 1...9)
            let members = rng.chance(elderlyHouseholds) ? elderlyMembers(using: &rng) : workingMembers(using: &rng)
            let room = count - people.residents.count
            for (index, member) in members.prefix(room).enumerated() {
                let resident = person(member, index: index, of: household, using: &rng, usedIDs: &usedIDs)
                people.residents.append(resident)
            }
            // Register-only children: only in households that register in full, and never past 5 members.
            if members.count <= room, settings.absentChildShare > 0,
                members.count < 5, members.first.map({ $0.age >= 60 }) == true, rng.chance(settings.absentChildShare)
            {
                let age = childAge(ofParentAged: members[0].age, using: &rng)
                let member = Member(age: age, relationship: .child)
                people.absentees.append(
                    person(member, index: members.count, of: household, using: &rng, usedIDs: &usedIDs))
            }
        }
        return people
    }

    /// The chance of an elderly household that gives about `share` of residents aged 60+: elderly households have
    /// about 1.45 elderly among 2.72 members, working ones 2.4 members.
    static func elderlyHouseholdShare(for share: Double) -> Double {
        let (elderly, elderlySize, workingSize) = (1.45, 2.72, 2.4)
        let denominator = elderly - share * elderlySize + share * workingSize
        guard denominator > 0 else { return 1 }
        return min(1, max(0, share * workingSize / denominator))
    }

    /// A member to generate: age and relationship to the head.
    struct Member {
        var age: Int
        var relationship: HouseholdRelationship
    }

    private func elderlyAge(using rng: inout SplitMix64) -> Int {
        60 + min(rng.below(35), rng.below(35))
    }

    private func childAge(ofParentAged age: Int, using rng: inout SplitMix64) -> Int {
        min(59, max(settings.minimumAge, age - rng.int(in: 20...35)))
    }

    /// Head 60+, perhaps a spouse 60+, often 1–3 adult children.
    private func elderlyMembers(using rng: inout SplitMix64) -> [Member] {
        var members = [Member(age: elderlyAge(using: &rng), relationship: .head)]
        if rng.chance(0.45) { members.append(Member(age: elderlyAge(using: &rng), relationship: .spouse)) }
        let children = rng.weighted([(0, 25), (1, 35), (2, 28), (3, 12)])
        for _ in 0..<children {
            members.append(Member(age: childAge(ofParentAged: members[0].age, using: &rng), relationship: .child))
        }
        return members
    }

    /// Head and perhaps a spouse under 60, then adult children or siblings.
    private func workingMembers(using rng: inout SplitMix64) -> [Member] {
        let size = rng.weighted([(1, 20), (2, 35), (3, 30), (4, 15)])
        let head = rng.int(in: max(settings.minimumAge, 20)...59)
        var members = [Member(age: head, relationship: .head)]
        for index in 1..<max(1, size) {
            if index == 1, rng.chance(0.7) {
                members.append(Member(age: min(59, max(settings.minimumAge, head + rng.int(in: -5...5))),
                                      relationship: .spouse))
            } else if head - 20 >= settings.minimumAge {
                members.append(Member(age: childAge(ofParentAged: head, using: &rng), relationship: .child))
            } else {
                members.append(Member(age: rng.int(in: settings.minimumAge...59), relationship: .sibling))
            }
        }
        return members
    }

    /// A new ID for an accepted resident of `age`, drawing birth dates until the ID is unused.
    func uniqueID(
        division: String,
        age: Int,
        sex: Sex,
        using rng: inout SplitMix64,
        usedIDs: inout Set<String>
    ) -> (id: String, birthDate: CivilDate) {
        while true {
            let birthDate = BirthDates.date(age: age, on: settings.referenceDate, using: &rng)
            let id = ResidentIDMaker.make(division: division, birthDate: birthDate, sex: sex, using: &rng)
            if usedIDs.insert(id).inserted {
                return (id, birthDate)
            }
        }
    }

    private struct Household {
        let number: String
        let villageCode: String
        let surname: String
        let stationId: String
    }

    private func person(
        _ member: Member,
        index: Int,
        of household: Household,
        using rng: inout SplitMix64,
        usedIDs: inout Set<String>
    ) -> Resident {
        let sex: Sex = rng.chance(0.5) ? .male : .female
        let surname = member.relationship == .spouse && rng.chance(0.7)
            ? rng.element(of: NameBank.surnames) : household.surname
        let age = member.age
        let others = Origins.otherAccepted(settings.acceptedDivisionCodes, county: String(townshipCode.prefix(6)))
        let division = !others.isEmpty && rng.chance(settings.otherAcceptedOriginShare)
            ? rng.element(of: others) : String(townshipCode.prefix(6))
        let (id, birthDate) = uniqueID(division: division, age: age, sex: sex, using: &rng, usedIDs: &usedIDs)
        let tiers = [(100, 70), (200, 12), (300, 8), (400, 3), (500, 7)]
        return Resident(
            townshipCode: townshipCode,
            villageCode: household.villageCode,
            householdNumber: household.number,
            isHeadOfHousehold: index == 0,
            relationship: member.relationship,
            name: surname + NameBank.givenName(sex: sex, using: &rng),
            sex: sex,
            birthDate: birthDate,
            residentId: id,
            ethnicity: rng.chance(0.03) ? nil : rng.weighted(NameBank.ethnicities),
            phone: rng.chance(0.7) ? "13" + rng.digits(9) : nil,
            bankAccount: age >= 60 && rng.chance(0.85) ? "6217" + rng.digits(15) : nil,
            // Residents already 60 pay nothing; the form still names the lowest tier.
            tierYuan: age >= 60 ? 100 : rng.weighted(tiers),
            stationId: household.stationId
        )
    }
}
