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
        // Nearly every number arrives as plain ASCII, which the byte-level path handles with at most one allocation.
        if let outcome = parseASCII(raw) {
            return try outcome.get()
        }
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
        var folded = 0
        for byte in digits.utf8 {
            folded = fold(folded, byte)
        }
        return Character(Unicode.Scalar(checkByte(folded)))
    }

    /// Adds one ASCII digit to a running ISO 7064 MOD 11-2 total; see ``checkByte(_:)``.
    ///
    /// Folding digits d₁…d₁₇ from 0 gives Σ dᵢ·2¹⁷⁻ⁱ. Doubled, as ``checkByte(_:)`` does, that is congruent modulo
    /// 11 to the standard weighted sum Σ dᵢ·Wᵢ with Wᵢ = 2¹⁸⁻ⁱ mod 11 = 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5,
    /// 8, 4, 2. The total stays below 9·2¹⁷, so nothing overflows.
    @inline(__always)
    private static func fold(_ total: Int, _ digit: UInt8) -> Int {
        total &* 2 &+ Int(digit &- UInt8(ascii: "0"))
    }

    /// The check character, as an ASCII byte, for 17 digits folded by ``fold(_:_:)``.
    @inline(__always)
    private static func checkByte(_ folded: Int) -> UInt8 {
        let check = (12 - (folded &* 2) % 11) % 11
        return check == 10 ? UInt8(ascii: "X") : UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: check)
    }

    // MARK: ASCII fast path

    /// ``parse(_:)`` over the UTF-8 bytes, for text that is all ASCII without a carriage return.
    ///
    /// There every byte is one `Character` ("\r\n" would be one `Character` of two bytes), so trimming, counting
    /// and checking bytes gives exactly what the `Character`-based path gives.
    /// - Returns: the outcome, or `nil` for any other text, which the `Character`-based path handles.
    private static func parseASCII(_ raw: String) -> Result<ResidentID, ResidentIDError>? {
        let outcome = raw.utf8.withContiguousStorageIfAvailable { bytes -> Result<ResidentID, ResidentIDError>? in
            for byte in bytes where byte >= 0x80 || byte == UInt8(ascii: "\r") {
                return nil
            }
            var start = 0
            var end = bytes.count
            while start < end, isASCIIWhitespace(bytes[start]) {
                start += 1
            }
            while end > start, isASCIIWhitespace(bytes[end - 1]) {
                end -= 1
            }
            let trimmed = UnsafeBufferPointer(rebasing: bytes[start..<end])
            do throws(ResidentIDError) {
                switch trimmed.count {
                case 0:
                    throw ResidentIDError(.empty)
                case 18:
                    // The text itself can serve as the value when nothing was trimmed or upper-cased.
                    let reusable = trimmed.count == bytes.count && trimmed[17] != UInt8(ascii: "x")
                    return .success(try parseModern(trimmed, reusing: reusable ? raw : nil))
                case 15:
                    return .success(try parseLegacy(trimmed))
                default:
                    throw ResidentIDError(.badLength)
                }
            } catch {
                return .failure(error)
            }
        }
        return outcome ?? nil
    }

    /// The ASCII bytes whose `Character` is whitespace, except the carriage return, which ``parseASCII(_:)``
    /// leaves to the `Character`-based path.
    @inline(__always)
    private static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || (byte >= 0x09 && byte <= 0x0C)
    }

    /// 18 ASCII characters, `x` still in lower case; `raw` is the value to keep if the result is valid.
    private static func parseModern(
        _ bytes: UnsafeBufferPointer<UInt8>,
        reusing raw: String?
    ) throws(ResidentIDError) -> ResidentID {
        var folded = 0
        for index in 0..<17 {
            guard Digits.isDigit(bytes[index]) else { throw ResidentIDError(.badCharacter) }
            folded = fold(folded, bytes[index])
        }
        let last = bytes[17] == UInt8(ascii: "x") ? UInt8(ascii: "X") : bytes[17]
        guard last == UInt8(ascii: "X") || Digits.isDigit(last) else {
            throw ResidentIDError(.badCharacter)
        }
        guard checkByte(folded) == last else {
            throw ResidentIDError(.badCheckCharacter)
        }
        let birthDate = try birthDate(
            year: decimal(bytes, 6..<10),
            month: decimal(bytes, 10..<12),
            day: decimal(bytes, 12..<14)
        )
        let value =
            raw
            ?? String(unsafeUninitializedCapacity: 18) { buffer in
                _ = buffer.initialize(from: bytes[0..<17])
                buffer[17] = last
                return 18
            }
        return ResidentID(
            value: value,
            birthDate: birthDate,
            sex: decimal(bytes, 14..<17) % 2 == 1 ? .male : .female,
            wasConvertedFromLegacy: false
        )
    }

    /// 15 ASCII characters.
    private static func parseLegacy(_ bytes: UnsafeBufferPointer<UInt8>) throws(ResidentIDError) -> ResidentID {
        for byte in bytes {
            guard Digits.isDigit(byte) else { throw ResidentIDError(.badCharacter) }
        }
        let sequence = decimal(bytes, 12..<15)
        guard sequence < 996 else {
            throw ResidentIDError(.legacyBefore1900)
        }
        var folded = 0
        for byte in bytes[0..<6] {
            folded = fold(folded, byte)
        }
        folded = fold(fold(folded, UInt8(ascii: "1")), UInt8(ascii: "9"))
        for byte in bytes[6..<15] {
            folded = fold(folded, byte)
        }
        let check = checkByte(folded)
        let birthDate = try birthDate(
            year: 1900 + decimal(bytes, 6..<8),
            month: decimal(bytes, 8..<10),
            day: decimal(bytes, 10..<12)
        )
        let value = String(unsafeUninitializedCapacity: 18) { buffer in
            _ = buffer[0..<6].initialize(from: bytes[0..<6])
            buffer[6] = UInt8(ascii: "1")
            buffer[7] = UInt8(ascii: "9")
            _ = buffer[8..<17].initialize(from: bytes[6..<15])
            buffer[17] = check
            return 18
        }
        return ResidentID(
            value: value,
            birthDate: birthDate,
            sex: sequence % 2 == 1 ? .male : .female,
            wasConvertedFromLegacy: true
        )
    }

    /// The value of bytes already checked to be ASCII digits.
    @inline(__always)
    private static func decimal(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var value = 0
        for index in range {
            value = value &* 10 &+ Int(bytes[index] &- UInt8(ascii: "0"))
        }
        return value
    }

    /// The birth date if it is a real date on or after ``earliestBirthDate``, as ``make(value:legacy:)`` requires.
    @inline(__always)
    private static func birthDate(year: Int, month: Int, day: Int) throws(ResidentIDError) -> CivilDate {
        guard let birthDate = CivilDate(year: year, month: month, day: day), birthDate >= earliestBirthDate else {
            throw ResidentIDError(.badBirthDate)
        }
        return birthDate
    }

    // MARK: Character-based path, for text with non-ASCII characters or a carriage return

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

    // MARK: Equality and coding

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
