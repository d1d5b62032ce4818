import PensionDomain

/// Birth dates that give an exact age on a reference date.
enum BirthDates {
    /// A random birth date on which a person is exactly `age` full years old on `reference`.
    ///
    /// February never gets a 29th, so every generated date exists in every year.
    static func date(age: Int, on reference: CivilDate, using rng: inout SplitMix64) -> CivilDate {
        let month = rng.int(in: 1...12)
        let day = rng.int(in: 1...monthLengths[month - 1])
        let hadBirthday = (month, day) <= (reference.month, reference.day)
        let year = reference.year - age - (hadBirthday ? 0 : 1)
        guard let date = CivilDate(year: year, month: month, day: day) else {
            preconditionFailure("generated an impossible birth date")
        }
        return date
    }

    private static let monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
}
