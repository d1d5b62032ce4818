import PensionDomain

/// Gives a resident exactly one problem that the ID-verification worker rejects.
struct InvalidRegistrations {
    let builder: TownshipPopulationBuilder
    /// The township's household numbers, in order.
    let householdNumbers: [String]

    /// How often each reason is chosen.
    static let reasonWeights: [(RejectionReason, Int)] = [
        (.badCheckCharacter, 25), (.regionNotAccepted, 20), (.badBirthDate, 15), (.underMinimumAge, 20),
        (.householdMismatch, 20),
    ]

    /// The form for `resident` with the problem `reason`.
    ///
    /// For `region_not_accepted` and `under_minimum_age` the person's true ID changes (and with it the register);
    /// for the other reasons only the form is wrong.
    func form(
        for resident: inout Resident,
        reason: RejectionReason,
        using rng: inout SplitMix64,
        usedIDs: inout Set<String>
    ) -> RegistrationSubmitted {
        switch reason {
        case .badCheckCharacter:
            let typed = newID(usedIDs: &usedIDs) {
                rng.chance(0.5)
                    ? ResidentIDMaker.withWrongCheckCharacter(resident.residentId, using: &rng)
                    : ResidentIDMaker.withDigitTypo(resident.residentId, using: &rng)
            }
            return resident.form(residentId: typed)
        case .badBirthDate:
            let typed = newID(usedIDs: &usedIDs) {
                ResidentIDMaker.withImpossibleBirthDate(resident.residentId, using: &rng)
            }
            return resident.form(residentId: typed)
        case .regionNotAccepted:
            let origins = Origins.notAccepted(excluding: builder.settings.acceptedDivisionCodes)
            let age = resident.birthDate.years(until: builder.settings.referenceDate)
            reissue(&resident, division: rng.element(of: origins), age: age, using: &rng, usedIDs: &usedIDs)
            return resident.form()
        case .underMinimumAge:
            let minimum = builder.settings.minimumAge
            let age = rng.int(in: max(0, minimum - 6)...(minimum - 1))
            let division = String(resident.residentId.prefix(6))
            reissue(&resident, division: division, age: age, using: &rng, usedIDs: &usedIDs)
            resident.bankAccount = nil
            return resident.form()
        case .householdMismatch:
            return resident.form(householdNumber: otherHousehold(than: resident.householdNumber, using: &rng))
        }
    }

    /// Draws IDs until one is new.
    private func newID(usedIDs: inout Set<String>, _ draw: () -> String) -> String {
        while true {
            let id = draw()
            if usedIDs.insert(id).inserted {
                return id
            }
        }
    }

    /// Gives the resident a new valid ID from `division` and a birth date making them `age`.
    private func reissue(
        _ resident: inout Resident,
        division: String,
        age: Int,
        using rng: inout SplitMix64,
        usedIDs: inout Set<String>
    ) {
        let (id, birthDate) = builder.uniqueID(
            division: division,
            age: age,
            sex: resident.sex,
            using: &rng,
            usedIDs: &usedIDs
        )
        resident.residentId = id
        resident.birthDate = birthDate
    }

    /// Another household's number, or this one's with a mistyped digit.
    private func otherHousehold(than own: String, using rng: inout SplitMix64) -> String {
        if householdNumbers.count > 1, rng.chance(0.5) {
            while true {
                let other = rng.element(of: householdNumbers)
                if other != own {
                    return other
                }
            }
        }
        var characters = Array(own)
        let position = characters.count - 1 - rng.below(min(6, characters.count))
        characters[position] = rng.element(of: Array("0123456789").filter { $0 != characters[position] })
        return String(characters)
    }
}
