import Testing

@testable import PensionDomain

/// `ResidentID.parse` (ASCII fast path plus the `Character`-based path) gives exactly what the original
/// `Character`-only implementation, kept below as ``ReferenceResidentID``, gives for every input.
@Suite struct ResidentIDEquivalenceTests {
    /// A few valid IDs: published examples, the 1880-01-01 boundary, a 2000s birth date and an `X` check character.
    private static let samples = [
        "11010519491231002X", "440524188001010014", "34052419800101001X", "510623195103121235",
        valid("510623200002291" + "23"),
    ]

    /// Characters put in place of, or between, the characters of an ID: ASCII of every kind, whitespace the fast
    /// path trims and some it must not, and non-ASCII text including a combining mark and "\r\n".
    private static let alphabet: [String] = [
        "0", "1", "5", "9", "X", "x", "A", "a", "Z", "z", "-", "/", "+", " ", "\t", "\n", "\u{0B}", "\u{0C}",
        "\r", "\r\n", "\n\r", "\0", "\u{1C}", "\u{1F}", "\u{7F}", "\u{85}", "\u{A0}", "\u{3000}", "\u{2028}",
        "\u{200B}", "\u{FEFF}", "１", "Ｘ", "٣", "é", "e\u{301}", "\u{301}", "\u{20DD}", "张", "😀", "🇨🇳",
    ]

    // MARK: Valid numbers

    @Test func validModernAndLegacyNumbers() {
        var inputs: [String] = []
        for id in Fixtures.residentIDs(count: 3000) + Self.samples {
            inputs.append(id)
            inputs.append(id.lowercased())
            inputs.append(Self.legacy(from: id))
        }
        for id in Self.samples {
            inputs.append(Self.legacy(from: id))
        }
        Self.expectSameOutcomes(inputs)
        let parsed = inputs.compactMap { try? ResidentID.parse($0) }
        #expect(parsed.count >= inputs.count * 2 / 3, "most inputs are valid, so the comparison covers success")
        #expect(parsed.contains { $0.wasConvertedFromLegacy } && parsed.contains { !$0.wasConvertedFromLegacy })
        #expect(parsed.contains { $0.value.hasSuffix("X") } && parsed.contains { $0.sex == .female })
    }

    @Test func legacySequencesAroundTheSpecialCodes() {
        var inputs: [String] = []
        for sequence in 990...999 {
            let three = Fixtures.pad(sequence, 3)
            inputs.append("510623491231" + three)
            inputs.append("510623490230" + three)  // also a bad date: which is reported first
            inputs.append("510623491331" + three)
            inputs.append("51062349123" + "x" + three.dropFirst())
        }
        Self.expectSameOutcomes(inputs)
        #expect(Self.reason("510623850101996") == .legacyBefore1900)
        #expect(Self.reason("510623850230997") == .legacyBefore1900)
        #expect(Self.reason("510623850230995") == .badBirthDate)
    }

    // MARK: Whitespace and line breaks

    @Test func fastPathTrimsExactlyWhatCharacterWhitespaceTrims() {
        for scalar in (0..<128).map({ Unicode.Scalar(UInt8($0)) }) {
            let isTrimmed = Character(scalar).isWhitespace
            let text = String(scalar)
            #expect((text + " " + text).trimmingWhitespace().isEmpty == isTrimmed, "U+\(scalar.value)")
            #expect(Self.reason(text + "11010519491231002X" + text) == (isTrimmed ? nil : .badLength))
        }
        // Whitespace inside the number is never trimmed.
        #expect(Self.reason("110105 19491231002X") == .badLength)
        #expect(Self.reason("110105 49123100") == .badCharacter)
    }

    @Test func surroundingWhitespaceAndLineBreaks() {
        let padding = [
            "", " ", "  ", "\t", "\n", "\u{0B}", "\u{0C}", "\r", "\r\n", "\n\r", "\r\r\n", " \r\n\t", "\u{3000}",
            "\u{A0}", "\u{85}", "\u{2028}", "\u{200B}", "\u{1C}", "\0", " \u{3000} ", "\u{301}",
        ]
        var inputs: [String] = []
        for id in Self.samples + Self.samples.map(Self.legacy(from:)) + ["11010519491231002x", "1101051949123100"] {
            for before in padding {
                for after in padding {
                    inputs.append(before + id + after)
                }
            }
        }
        Self.expectSameOutcomes(inputs)
        #expect(Self.reason(" \r\n11010519491231002x\r\n ") == nil)
        #expect(Self.reason("\u{3000}11010519491231002X\u{A0}") == nil)
    }

    @Test func lineBreaksAndOtherCharactersInsideTheNumber() {
        var inputs: [String] = []
        for id in Self.samples + Self.samples.map(Self.legacy(from:)) {
            let characters = Array(id)
            for position in 0...characters.count {
                for inserted in Self.alphabet {
                    inputs.append(String(characters[..<position]) + inserted + String(characters[position...]))
                }
            }
        }
        Self.expectSameOutcomes(inputs)
        #expect(Self.reason("11010519491231002X\r\n") == nil)
        #expect(Self.reason("110105194912310\r\n2X") == .badCharacter)
    }

    @Test func emptyAndWhitespaceOnly() {
        Self.expectSameOutcomes([
            "", " ", "   \t", "\n", "\r", "\r\n", "\n\r\n", "\u{0B}\u{0C}", "\u{3000}", "\u{A0}", " \u{2028} ",
            "\0", "\u{1C}", "\u{301}", String(repeating: " ", count: 40), String(repeating: "\r\n", count: 9),
        ])
        #expect(Self.reason(" \t\n\u{0B}\u{0C}") == .empty)
    }

    // MARK: Wrong characters, lengths and dates

    @Test func everySingleCharacterSubstitution() {
        var inputs: [String] = []
        for id in Self.samples + Self.samples.map(Self.legacy(from:)) {
            let characters = Array(id)
            for position in characters.indices {
                for replacement in Self.alphabet {
                    inputs.append(String(characters[..<position]) + replacement + String(characters[(position + 1)...]))
                }
            }
        }
        Self.expectSameOutcomes(inputs)
    }

    @Test func fullWidthDigits() {
        let fullWidth = { (text: String) in
            String(
                text.unicodeScalars.map { scalar in
                    Character(Unicode.Scalar(scalar.value + (scalar.isASCII ? 0xFEE0 : 0))!)
                }
            )
        }
        var inputs: [String] = []
        for id in Self.samples + Self.samples.map(Self.legacy(from:)) {
            inputs.append(fullWidth(id))
            inputs.append(fullWidth(String(id.prefix(1))) + id.dropFirst())
            inputs.append(id.dropLast() + fullWidth(String(id.suffix(1))))
        }
        Self.expectSameOutcomes(inputs)
        #expect(Self.reason("１1010519491231002X") == .badCharacter)
    }

    @Test func truncationsAndExtensions() {
        var inputs: [String] = []
        for id in Self.samples + Self.samples.map(Self.legacy(from:)) {
            let long = id + "0123456789X"
            for length in 0...long.count {
                inputs.append(String(long.prefix(length)))
                inputs.append(String(long.suffix(length)))
                inputs.append(" " + String(long.prefix(length)) + "\n")
            }
            let characters = Array(id)
            for position in characters.indices {
                inputs.append(String(characters[..<position]) + String(characters[(position + 1)...]))
            }
        }
        Self.expectSameOutcomes(inputs)
    }

    @Test func impossibleAndBoundaryBirthDates() {
        let dates = [
            "18791231", "18800101", "18800100", "18791301", "00000101", "00010101", "99991231", "19000229",
            "19040229", "20000229", "21000229", "19490230", "19490231", "19490431", "19490001", "19491301",
            "19490100", "19490132", "20110001", "20111232", "20991231",
        ]
        var inputs: [String] = []
        for date in dates {
            let first17 = "510623" + date + "123"
            let check = Self.valid(first17).last!
            for last in Set("0123456789X".map { $0 } + [check, "x"]) {
                inputs.append(first17 + String(last))
            }
            inputs.append("510623" + date.dropFirst(2) + "123")
            inputs.append("510623" + date.dropFirst(2) + "998")
        }
        Self.expectSameOutcomes(inputs)
        #expect(Self.reason(Self.valid("51062318791231123")) == .badBirthDate)
        #expect(Self.reason(Self.valid("51062318800101123")) == nil)
        #expect(Self.reason("51062318791231123" + "Y") == .badCharacter)
    }

    /// Random text over ASCII and a few troublesome characters, and random edits of valid numbers.
    @Test func randomText() {
        var generator = SplitMix64(seed: 11643)
        var inputs: [String] = []
        let ids = Fixtures.residentIDs(count: 200)
        for round in 0..<30_000 {
            if round % 2 == 0 {
                let length = Int(generator.next() % 21)
                inputs.append((0..<length).map { _ in Self.randomPiece(using: &generator) }.joined())
            } else {
                var characters = ids[round % ids.count].map { String($0) }
                if round % 4 == 1 {
                    characters.removeSubrange(6..<8)
                    characters.removeLast()
                }
                for _ in 0..<(1 + generator.next() % 3) {
                    let position = Int(generator.next() % UInt64(characters.count))
                    switch generator.next() % 3 {
                    case 0: characters[position] = Self.randomPiece(using: &generator)
                    case 1: characters.insert(Self.randomPiece(using: &generator), at: position)
                    default: characters.remove(at: position)
                    }
                }
                inputs.append(characters.joined())
            }
        }
        Self.expectSameOutcomes(inputs)
    }

    // MARK: Check character

    @Test func checkCharacterMatchesTheReference() {
        var inputs: [String] = Fixtures.residentIDs(count: 500).map { String($0.prefix(17)) }
        inputs += [
            "", "1234", "1101051949123100", "110105194912310021", "1101051949123100A", "1101051949123100x",
            "１1010519491231002", "1101051949123100\u{301}", " 1101051949123100", "00000000000000000",
            "99999999999999999",
        ]
        for digits in inputs {
            #expect(
                ResidentID.checkCharacter(forFirst17: digits) == ReferenceResidentID.checkCharacter(forFirst17: digits)
            )
            let substring = ("9" + digits + "9").dropFirst().dropLast()
            #expect(
                ResidentID.checkCharacter(forFirst17: substring)
                    == ReferenceResidentID.checkCharacter(forFirst17: substring)
            )
        }
        // Every check character occurs, including X.
        let checks = Set(Fixtures.residentIDs(count: 500).map { ResidentID.checkCharacter(forFirst17: $0.prefix(17)) })
        #expect(checks == Set("0123456789X".map { Optional($0) }))
    }

    // MARK: Helpers

    /// An outcome that can be compared: the whole parsed value, or the reason.
    enum Outcome: Equatable, CustomStringConvertible {
        case parsed(value: String, birthDate: CivilDate, sex: Sex, legacy: Bool)
        case rejected(ResidentIDError.Reason)

        var description: String {
            switch self {
            case .parsed(let value, let birthDate, let sex, let legacy):
                "\(value) \(birthDate) \(sex)\(legacy ? " legacy" : "")"
            case .rejected(let reason):
                reason.rawValue
            }
        }
    }

    static func outcome(_ raw: String) -> Outcome {
        do {
            let id = try ResidentID.parse(raw)
            return .parsed(value: id.value, birthDate: id.birthDate, sex: id.sex, legacy: id.wasConvertedFromLegacy)
        } catch {
            return .rejected(error.reason)
        }
    }

    /// The reason `raw` is rejected, or `nil` if it is valid.
    static func reason(_ raw: String) -> ResidentIDError.Reason? {
        do {
            _ = try ResidentID.parse(raw)
            return nil
        } catch {
            return error.reason
        }
    }

    /// Compares all inputs and reports the first few differences with the input's scalars spelled out.
    static func expectSameOutcomes(_ inputs: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        var differences: [String] = []
        for raw in inputs {
            let expected = ReferenceResidentID.outcome(raw)
            let actual = outcome(raw)
            if actual != expected {
                let scalars = raw.unicodeScalars.map { $0.isASCII && $0.value >= 0x21 ? "\($0)" : "<\($0.value)>" }
                differences.append("\(scalars.joined()): \(actual), expected \(expected)")
            }
        }
        #expect(
            differences.isEmpty,
            "\(differences.count) of \(inputs.count) differ:\n\(differences.prefix(10).joined(separator: "\n"))",
            sourceLocation: sourceLocation
        )
    }

    /// `first17` with its check character.
    static func valid(_ first17: String) -> String {
        first17 + String(IndependentCheck.character(for: first17))
    }

    /// The 15-digit form of an 18-character ID: without the century and the check character.
    static func legacy(from id: String) -> String {
        String(id.prefix(6) + id.dropFirst(8).prefix(9))
    }

    /// Mostly a digit, otherwise `X`, `x`, whitespace or an entry of ``alphabet``.
    static func randomPiece(using generator: inout SplitMix64) -> String {
        if generator.next() % 4 == 0 {
            return alphabet[Int(generator.next() % UInt64(alphabet.count))]
        }
        let pool = Array("0123456789012345678901234567890123456789Xx \t\n")
        return String(pool[Int(generator.next() % UInt64(pool.count))])
    }
}

// MARK: - Reference

/// A verbatim copy of `ResidentID.parse(_:)` and `checkCharacter(forFirst17:)` as they were before the ASCII fast
/// path, with the helpers they used (`trimmingWhitespace()`, `Digits`), returning a comparable outcome.
enum ReferenceResidentID {
    typealias Outcome = ResidentIDEquivalenceTests.Outcome

    static let earliestBirthDate = CivilDate(year: 1880, month: 1, day: 1)!

    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    static func outcome(_ raw: String) -> Outcome {
        do {
            return try parse(raw)
        } catch {
            return .rejected(error.reason)
        }
    }

    static func parse(_ raw: String) throws(ResidentIDError) -> Outcome {
        let characters = trimmingWhitespace(raw).map { $0 == "x" ? "X" : $0 }
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

    static func checkCharacter(forFirst17 digits: some StringProtocol) -> Character? {
        guard isDigits(digits, count: 17) else { return nil }
        var sum = 0
        for (byte, weight) in zip(digits.utf8, weights) {
            sum += Int(byte - UInt8(ascii: "0")) * weight
        }
        return checkCharacters[sum % 11]
    }

    private static func parseModern(_ characters: [Character]) throws(ResidentIDError) -> Outcome {
        let first17 = String(characters[0..<17])
        let last = characters[17]
        guard isDigits(first17, count: 17), last == "X" || (last.isASCII && last.isWholeNumber) else {
            throw ResidentIDError(.badCharacter)
        }
        guard checkCharacter(forFirst17: first17) == last else {
            throw ResidentIDError(.badCheckCharacter)
        }
        let value = first17 + String(last)
        return try make(value: value, legacy: false)
    }

    private static func parseLegacy(_ characters: [Character]) throws(ResidentIDError) -> Outcome {
        let text = String(characters)
        guard isDigits(text, count: 15) else {
            throw ResidentIDError(.badCharacter)
        }
        let sequence = number(text.utf8.suffix(3)) ?? 0
        guard sequence < 996 else {
            throw ResidentIDError(.legacyBefore1900)
        }
        let first17 = String(characters[0..<6]) + "19" + String(characters[6..<15])
        guard let check = checkCharacter(forFirst17: first17) else {
            throw ResidentIDError(.badCharacter)
        }
        return try make(value: first17 + String(check), legacy: true)
    }

    private static func make(value: String, legacy: Bool) throws(ResidentIDError) -> Outcome {
        let bytes = Array(value.utf8)
        guard let year = number(bytes[6..<10]),
            let month = number(bytes[10..<12]),
            let day = number(bytes[12..<14]),
            let birthDate = CivilDate(year: year, month: month, day: day),
            birthDate >= earliestBirthDate
        else {
            throw ResidentIDError(.badBirthDate)
        }
        let sequence = number(bytes[14..<17]) ?? 0
        return .parsed(value: value, birthDate: birthDate, sex: sequence % 2 == 1 ? .male : .female, legacy: legacy)
    }

    // From String+Trimming.swift.
    private static func trimmingWhitespace(_ string: String) -> String {
        var slice = Substring(string)
        while let first = slice.first, first.isWhitespace {
            slice.removeFirst()
        }
        while let last = slice.last, last.isWhitespace {
            slice.removeLast()
        }
        return String(slice)
    }

    // From Digits.swift.
    private static func isDigits(_ text: some StringProtocol, count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy(isDigit)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func number(_ bytes: some Collection<UInt8>) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var value = 0
        for byte in bytes {
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
