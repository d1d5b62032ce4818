/// A valid 18-character resident ID number (GB 11643-1999), such as `11010519491231002X`.
///
/// Built only by ``parse(_:)`` or by decoding, both of which validate. Equality and hashing use ``value``.
/// The description is masked, so interpolating an ID into a log line does not leak it.
public struct ResidentID: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The 18 characters: 17 digits and a check character, `X` in upper case.
    public let value: String
    /// Characters 7–14 as a date.
    public let birthDate: CivilDate
    /// From the sequence number, characters 15–17: odd is male, even is female.
    public let sex: Sex
    /// True when parsed from an old 15-digit number and converted to 18 characters.
    public let wasConvertedFromLegacy: Bool

    /// The earliest birth date accepted.
    public static let earliestBirthDate = CivilDate(year: 1880, month: 1, day: 1)!

    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    private init(value: String, birthDate: CivilDate, sex: Sex, wasConvertedFromLegacy: Bool) {
        self.value = value
        self.birthDate = birthDate
        self.sex = sex
        self.wasConvertedFromLegacy = wasConvertedFromLegacy
    }

    /// The first six digits: the division code of the county of first registration.
    public var divisionCode: String {
        String(value.prefix(6))
    }

    /// The first six and last four characters with eight `*` between, e.g. `510623********123X`.
    public var masked: String {
        Masking.residentID(value)
    }

    /// The masked form; see ``masked``.
    public var description: String {
        masked
    }

    /// Validates a resident ID number as typed and returns it in its 18-character form.
    ///
    /// Surrounding whitespace is trimmed and a lower-case `x` is accepted. A 15-digit number (GB 11643-1989) is
    /// converted by inserting `19` before its two-digit year and computing the check character, except for
    /// sequences 996–999, which are rejected as ``ResidentIDError/Reason/legacyBefore1900``.
    /// - Parameter raw: the number as typed.
    /// - Returns: the validated number.
    /// - Throws: ``ResidentIDError`` naming the first problem found.
    public static func parse(_ raw: String) throws(ResidentIDError) -> ResidentID {
        let characters = raw.trimmingWhitespace().map { $0 == "x" ? "X" : $0 }
        switch characters.count {
        case 0:
            throw ResidentIDError(.empty)
        case 18:
            return try parseModern(characters)
        case 15:
            return try parseLegacy(characters)
        default:
            throw ResidentIDError(.badLength)
        }
    }

    /// The ISO 7064 MOD 11-2 check character for the first 17 digits of a resident ID number.
    ///
    /// - Parameter digits: exactly 17 ASCII digits.
    /// - Returns: `0`–`9` or `X`, or `nil` if `digits` is not 17 ASCII digits.
    public static func checkCharacter(forFirst17 digits: some StringProtocol) -> Character? {
        guard Digits.isDigits(digits, count: 17) else { return nil }
        var sum = 0
        for (byte, weight) in zip(digits.utf8, weights) {
            sum += Int(byte - UInt8(ascii: "0")) * weight
        }
        return checkCharacters[sum % 11]
    }

    private static func parseModern(_ characters: [Character]) throws(ResidentIDError) -> ResidentID {
        let first17 = String(characters[0..<17])
        let last = characters[17]
        guard Digits.isDigits(first17, count: 17), last == "X" || (last.isASCII && last.isWholeNumber) else {
            throw ResidentIDError(.badCharacter)
        }
        guard checkCharacter(forFirst17: first17) == last else {
            throw ResidentIDError(.badCheckCharacter)
        }
        let value = first17 + String(last)
        return try make(value: value, legacy: false)
    }

    private static func parseLegacy(_ characters: [Character]) throws(ResidentIDError) -> ResidentID {
        let text = String(characters)
        guard Digits.isDigits(text, count: 15) else {
            throw ResidentIDError(.badCharacter)
        }
        let sequence = Digits.number(text.utf8.suffix(3)) ?? 0
        guard sequence < 996 else {
            throw ResidentIDError(.legacyBefore1900)
        }
        let first17 = String(characters[0..<6]) + "19" + String(characters[6..<15])
        guard let check = checkCharacter(forFirst17: first17) else {
            throw ResidentIDError(.badCharacter)
        }
        return try make(value: first17 + String(check), legacy: true)
    }

    /// Reads the birth date and sex from an 18-character value whose characters are already checked.
    private static func make(value: String, legacy: Bool) throws(ResidentIDError) -> ResidentID {
        let bytes = Array(value.utf8)
        guard let year = Digits.number(bytes[6..<10]),
            let month = Digits.number(bytes[10..<12]),
            let day = Digits.number(bytes[12..<14]),
            let birthDate = CivilDate(year: year, month: month, day: day),
            birthDate >= earliestBirthDate
        else {
            throw ResidentIDError(.badBirthDate)
        }
        let sequence = Digits.number(bytes[14..<17]) ?? 0
        return ResidentID(
            value: value,
            birthDate: birthDate,
            sex: sequence % 2 == 1 ? .male : .female,
            wasConvertedFromLegacy: legacy
        )
    }

    /// Two IDs are equal when their 18-character values are.
    public static func == (lhs: ResidentID, rhs: ResidentID) -> Bool {
        lhs.value == rhs.value
    }

    /// Hashes the 18-character value.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(value)
    }

    /// Decodes and validates a resident ID from a string, as ``parse(_:)`` does.
    ///
    /// - Throws: `DecodingError.dataCorrupted` whose description names the reason, never the number.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        do {
            self = try ResidentID.parse(raw)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Encodes the 18-character ``value``.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
