/// One record of a CSV file.
struct CSVRecord: Sendable {
    /// The 1-based line where the record starts.
    let line: Int
    /// The fields, unquoted.
    let fields: [String]
}

/// A CSV syntax problem in a field.
struct CSVSyntaxError: Error, Sendable {
    /// The 1-based line where the problem is.
    let line: Int
    /// The 0-based index of the field in its record.
    let fieldIndex: Int
    /// What is wrong, without the text.
    let problem: String
}

/// Splits RFC 4180 CSV text into records.
///
/// Fields are separated by commas; a field in double quotes may contain commas, line breaks and doubled quotes
/// (`""`). Lines end with LF, CRLF or CR. A UTF-8 byte-order mark at the start and blank lines are skipped.
/// Whitespace before an opening quote is dropped; anything but whitespace after a closing quote is an error.
enum CSVTokenizer {
    /// The records before the first syntax error, and the error if there is one.
    static func records(in text: String) -> (records: [CSVRecord], failure: CSVSyntaxError?) {
        var state = State()
        var scalars = Array(text.unicodeScalars)[...]
        if scalars.first == "\u{FEFF}" {
            scalars = scalars.dropFirst()
        }
        while let scalar = scalars.popFirst() {
            do {
                try state.consume(scalar, next: scalars.first)
            } catch {
                return (state.records, error)
            }
            if state.skipNext {
                scalars = scalars.dropFirst()
                state.skipNext = false
            }
        }
        if state.inQuotes {
            let error = CSVSyntaxError(
                line: state.recordLine,
                fieldIndex: state.fields.count,
                problem: "a quoted field is not closed"
            )
            return (state.records, error)
        }
        state.endRecord()
        return (state.records, nil)
    }

    private struct State {
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var afterClosingQuote = false
        var recordHasQuotes = false
        var skipNext = false

        mutating func consume(_ scalar: Unicode.Scalar, next: Unicode.Scalar?) throws(CSVSyntaxError) {
            if inQuotes {
                consumeQuoted(scalar, next: next)
                return
            }
            switch scalar {
            case ",":
                endField()
            case "\r", "\n":
                skipNext = scalar == "\r" && next == "\n"
                endRecord()
                line += 1
                recordLine = line
            case "\"" where !afterClosingQuote && field.allSatisfy(\.properties.isWhitespace):
                field.removeAll()
                inQuotes = true
                recordHasQuotes = true
            case "\"":
                throw CSVSyntaxError(line: line, fieldIndex: fields.count, problem: "a quote inside an unquoted field")
            case _ where afterClosingQuote:
                guard scalar.properties.isWhitespace else {
                    throw CSVSyntaxError(line: line, fieldIndex: fields.count, problem: "text after a closing quote")
                }
            default:
                field.append(scalar)
            }
        }

        private mutating func consumeQuoted(_ scalar: Unicode.Scalar, next: Unicode.Scalar?) {
            if scalar == "\"" {
                if next == "\"" {
                    field.append(scalar)
                    skipNext = true
                } else {
                    inQuotes = false
                    afterClosingQuote = true
                }
                return
            }
            if scalar == "\n" || (scalar == "\r" && next != "\n") {
                line += 1
            }
            field.append(scalar)
        }

        mutating func endField() {
            fields.append(String(field))
            field.removeAll()
            afterClosingQuote = false
        }

        mutating func endRecord() {
            let blank = fields.isEmpty && !recordHasQuotes && field.allSatisfy(\.properties.isWhitespace)
            endField()
            if !blank {
                records.append(CSVRecord(line: recordLine, fields: fields))
            }
            fields = []
            recordHasQuotes = false
        }
    }
}
