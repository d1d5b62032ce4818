/// Splits one CSV line into exactly as many trimmed fields as there are columns.
enum CSVLine {
    static func fields(
        _ line: Substring,
        lineNumber: Int,
        columns: [String]
    ) throws(HouseholdRegisterFileError) -> [String] {
        var fields: [String] = []
        var characters = line[...]
        while true {
            let column = fields.count < columns.count ? columns[fields.count] : nil
            let field = try nextField(&characters, lineNumber: lineNumber, column: column)
            fields.append(field)
            guard !characters.isEmpty else { break }
            characters.removeFirst()  // the comma
        }
        if fields.count < columns.count {
            throw HouseholdRegisterFileError(.missingField, line: lineNumber, column: columns[fields.count])
        }
        if fields.count > columns.count {
            throw HouseholdRegisterFileError(.extraField, line: lineNumber, column: nil)
        }
        return fields
    }

    /// Reads one field up to, not including, the next separating comma.
    private static func nextField(
        _ characters: inout Substring,
        lineNumber: Int,
        column: String?
    ) throws(HouseholdRegisterFileError) -> String {
        characters = characters.drop(while: { $0.isWhitespace && $0 != "," })
        guard characters.first == "\"" else {
            let end = characters.firstIndex(of: ",") ?? characters.endIndex
            let field = characters[..<end]
            characters = characters[end...]
            return trimmed(field)
        }
        characters.removeFirst()
        var field = ""
        while true {
            guard let character = characters.popFirst() else {
                throw HouseholdRegisterFileError(.badQuoting, line: lineNumber, column: column)
            }
            if character != "\"" {
                field.append(character)
            } else if characters.first == "\"" {
                characters.removeFirst()
                field.append("\"")
            } else {
                break
            }
        }
        characters = characters.drop(while: { $0.isWhitespace && $0 != "," })
        guard characters.isEmpty || characters.first == "," else {
            throw HouseholdRegisterFileError(.badQuoting, line: lineNumber, column: column)
        }
        return trimmed(field[...])
    }

    private static func trimmed(_ text: Substring) -> String {
        var slice = text
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
