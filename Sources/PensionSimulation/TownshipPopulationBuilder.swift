import PensionDomain

/// Generates the households and residents of one township, all with valid data.
///
/// Households have 1–5 members sharing a household number (township code + 6 digits), a village (mostly village
/// committees 200–2xx, some residents' committees 001–0xx) and a registration station. The second member often has
/// another surname (a spouse); ages are ``GeneratorSettings/elderlyShare`` 60–94, the rest from the minimum age to 59.
struct TownshipPopulationBuilder {
    let townshipCode: String
    let settings: GeneratorSettings

    /// `settings.residentsPerTownship` residents; every ID number is new to `usedIDs` and added to it.
    func residents(using rng: inout SplitMix64, usedIDs: inout Set<String>) -> [Resident] {
        let count = settings.residentsPerTownship
        let villageCommittees = rng.int(in: 12...40)
        let residentsCommittees = rng.int(in: 1...6)
        var householdSerial = rng.int(in: 1...50)
        var residents: [Resident] = []
        residents.reserveCapacity(count)
        while residents.count < count {
            let size = min(rng.weighted([(1, 15), (2, 25), (3, 30), (4, 20), (5, 10)]), count - residents.count)
            let village = rng.chance(0.88) ? 200 + rng.below(villageCommittees) : 1 + rng.below(residentsCommittees)
            let household = Household(
                number: townshipCode + householdSerial.zeroPadded(6),
                villageCode: townshipCode + village.zeroPadded(3),
                surname: rng.element(of: NameBank.surnames),
                stationId: townshipCode + "-" + rng.int(in: 1...3).zeroPadded(2)
            )
            householdSerial += rng.int(in: 1...9)
            for member in 0..<size {
                residents.append(person(member: member, of: household, using: &rng, usedIDs: &usedIDs))
            }
        }
        return residents
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
        member: Int,
        of household: Household,
        using rng: inout SplitMix64,
        usedIDs: inout Set<String>
    ) -> Resident {
        let sex: Sex = rng.chance(0.5) ? .male : .female
        let surname = member == 1 && rng.chance(0.7) ? rng.element(of: NameBank.surnames) : household.surname
        let age = rng.chance(settings.elderlyShare)
            ? 60 + min(rng.below(35), rng.below(35)) : rng.int(in: settings.minimumAge...59)
        let others = Origins.otherAccepted(settings.acceptedDivisionCodes, county: String(townshipCode.prefix(6)))
        let division = !others.isEmpty && rng.chance(settings.otherAcceptedOriginShare)
            ? rng.element(of: others) : String(townshipCode.prefix(6))
        let (id, birthDate) = uniqueID(division: division, age: age, sex: sex, using: &rng, usedIDs: &usedIDs)
        let tiers = [(100, 70), (200, 12), (300, 8), (400, 3), (500, 7)]
        return Resident(
            townshipCode: townshipCode,
            villageCode: household.villageCode,
            householdNumber: household.number,
            isHeadOfHousehold: member == 0,
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
