import Foundation

/// Writes form rows as CSV with the ``RegistrationForms/columns`` header.
enum CSVWriter {
    /// The header line.
    static let header = FormColumn.allCases.map(\.rawValue).joined(separator: ",")

    /// The whole file: the header and one line per row, each ending in LF.
    static func document(_ rows: [FormRow]) -> String {
        var text = header + "\n"
        for row in rows {
            text += line(row) + "\n"
        }
        return text
    }

    /// One row without a line ending; absent optional values are empty.
    static func line(_ row: FormRow) -> String {
        FormColumn.allCases.map { quoted($0.text(in: row) ?? "") }.joined(separator: ",")
    }

    /// The field, in double quotes with inner quotes doubled if it contains a comma, quote or line break.
    static func quoted(_ field: String) -> String {
        guard field.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return field
        }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
