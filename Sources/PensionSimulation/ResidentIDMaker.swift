import PensionDomain

/// Builds resident ID numbers, valid or with one deliberate mistake.
enum ResidentIDMaker {
    /// A valid 18-character ID with a random sequence number whose parity matches `sex`.
    static func make(division: String, birthDate: CivilDate, sex: Sex, using rng: inout SplitMix64) -> String {
        let sequence = 2 * rng.below(500) + (sex == .male ? 1 : 0)
        return complete(division + dateDigits(birthDate) + sequence.zeroPadded(3))
    }

    /// The ID with its check character replaced by another one.
    static func withWrongCheckCharacter(_ id: String, using rng: inout SplitMix64) -> String {
        let correct = id.last
        let others = Array("0123456789X").filter { $0 != correct }
        return String(id.prefix(17)) + String(rng.element(of: others))
    }

    /// The ID with one of its first 17 digits mistyped; MOD 11-2 catches every such substitution.
    static func withDigitTypo(_ id: String, using rng: inout SplitMix64) -> String {
        var characters = Array(id)
        let position = rng.below(17)
        let others = Array("0123456789").filter { $0 != characters[position] }
        characters[position] = rng.element(of: others)
        return String(characters)
    }

    /// The ID with an impossible birth date (or one before 1880) and a check character that matches it, so that the
    /// birth date is the first thing wrong.
    static func withImpossibleBirthDate(_ id: String, using rng: inout SplitMix64) -> String {
        let characters = Array(id)
        let year = Int(String(characters[6..<10])) ?? 1950
        var dates = [
            year.zeroPadded(4) + "0230",
            year.zeroPadded(4) + "13" + rng.int(in: 1...28).zeroPadded(2),
            year.zeroPadded(4) + rng.int(in: 1...12).zeroPadded(2) + "32",
            year.zeroPadded(4) + "00" + rng.int(in: 1...28).zeroPadded(2),
            year.zeroPadded(4) + rng.element(of: ["04", "06", "09", "11"]) + "31",
            rng.int(in: 1860...1879).zeroPadded(4) + rng.int(in: 1...12).zeroPadded(2)
                + rng.int(in: 1...28).zeroPadded(2),
        ]
        if CivilDate(year: year, month: 2, day: 29) == nil {
            dates.append(year.zeroPadded(4) + "0229")
        }
        return complete(String(characters[0..<6]) + rng.element(of: dates) + String(characters[14..<17]))
    }

    /// `first17` followed by its check character.
    static func complete(_ first17: String) -> String {
        guard let check = ResidentID.checkCharacter(forFirst17: first17) else {
            preconditionFailure("the first 17 characters of a generated ID are not 17 digits")
        }
        return first17 + String(check)
    }

    /// `YYYYMMDD`.
    static func dateDigits(_ date: CivilDate) -> String {
        date.year.zeroPadded(4) + date.month.zeroPadded(2) + date.day.zeroPadded(2)
    }
}
