/// YAML text written line by line: keys are fixed identifiers, every string value is double-quoted and escaped, so
/// no value can change the document's structure.
struct YAMLText {
    private(set) var text = ""

    /// Appends `text` at `indent` levels of two spaces.
    mutating func line(_ indent: Int, _ text: String) {
        self.text += String(repeating: "  ", count: indent) + text + "\n"
    }

    /// A string as a double-quoted YAML scalar: `\`, `"` and every control character escaped.
    static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0xFEFF:
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16, uppercase: true)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Text for a `#` comment: control characters (line breaks among them) become spaces, so the comment stays on
    /// its line.
    static func comment(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" ? " " : $0
        }))
    }

    /// A flow sequence of quoted strings: `["worker", "payout"]`.
    static func list(_ values: [String]) -> String {
        "[" + values.map(quoted).joined(separator: ", ") + "]"
    }
}
