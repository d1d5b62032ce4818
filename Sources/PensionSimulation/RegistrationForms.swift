import Foundation
import PensionDomain

/// Registration form files, as a township station exports them: CSV or JSON lines, one registration each.
///
/// CSV has the header ``columns`` (any order; optional columns may be left out) and RFC 4180 quoting. JSON lines have
/// one object per line with the same keys, the tier as an integer. In both, empty or absent optional values are
/// `nil`. Errors name the line and the field, never a value.
public enum RegistrationForms {
    /// The columns, in the order written: `townshipCode,residentId,name,sex,ethnicity,householdNumber,villageCode,`
    /// `contributionTierYuan,phone,bankAccount,stationId,formId,submittedAt`. The last two are optional; files
    /// without them are read as before.
    public static let columns: [String] = FormColumn.allCases.map(\.rawValue)

    /// Reads a CSV form file.
    ///
    /// - Parameter csv: the file's text; line 1 is the header.
    /// - Returns: the rows in file order, each with the line it starts on.
    /// - Throws: ``FormError`` for the first problem in file order.
    public static func parse(csv: String) throws(FormError) -> [FormRow] {
        let (records, failure) = CSVTokenizer.records(in: csv)
        guard let headerRecord = records.first else {
            if let failure {
                let field = "column \(failure.fieldIndex + 1)"
                throw FormError(line: failure.line, field: field, problem: failure.problem)
            }
            throw FormError(line: 1, field: FormError.wholeRecord, problem: "the file has no header line")
        }
        let header = try CSVHeader(headerRecord)
        var rows: [FormRow] = []
        for record in records.dropFirst() {
            rows.append(try header.row(record))
        }
        if let failure {
            throw FormError(line: failure.line, field: header.name(ofField: failure.fieldIndex), problem: failure.problem)
        }
        return rows
    }

    /// Reads a JSON-lines form file; blank lines are skipped.
    ///
    /// - Parameter jsonLines: the file's text.
    /// - Returns: the rows in file order, each with its line.
    /// - Throws: ``FormError`` for the first problem in file order.
    public static func parse(jsonLines: String) throws(FormError) -> [FormRow] {
        var rows: [FormRow] = []
        let decoder = JSONDecoder()
        for (index, rawLine) in jsonLines.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var text = Substring(rawLine)
            if index == 0, text.hasPrefix("\u{FEFF}") {
                text = text.dropFirst()
            }
            guard !text.allSatisfy(\.isWhitespace) else { continue }
            let line = index + 1
            let form: JSONFormLine
            do {
                form = try decoder.decode(JSONFormLine.self, from: Data(text.utf8))
            } catch let problem as JSONFormLine.FieldProblem {
                throw FormError(line: line, field: problem.field, problem: problem.problem)
            } catch {
                throw FormError(line: line, field: FormError.wholeRecord, problem: "is not valid JSON")
            }
            rows.append(try FormRowBuilder.build(line: line, values: form.values))
        }
        return rows
    }

    /// The `registration.submitted` events of a form file's rows, the same every time the same file is read.
    ///
    /// Each event's id is ``FormRow/eventId(fileName:)`` (from the form id, or else from the file's name, the line
    /// and the line's content) and its `occurredAt` is the row's `submittedAt`, or else `defaultOccurredAt`. Never a
    /// random id or the clock, so publishing a file again publishes the same events.
    ///
    /// - Parameters:
    ///   - rows: the rows read from the file.
    ///   - fileName: the file's path or name; only the part after the last `/` counts.
    ///   - defaultOccurredAt: the `occurredAt` of rows without `submittedAt`.
    /// - Returns: the events in row order.
    /// - Throws: ``FormError`` for a row without `submittedAt` when there is no default, or for a form id that an
    ///   earlier row with different content has too (it would hide that form).
    public static func events(
        from rows: [FormRow],
        fileName: String,
        defaultOccurredAt: Date?
    ) throws(FormError) -> [EventEnvelope<RegistrationSubmitted>] {
        var formsById: [String: FormRow] = [:]
        var events: [EventEnvelope<RegistrationSubmitted>] = []
        events.reserveCapacity(rows.count)
        for row in rows {
            if let formId = row.formId {
                if let earlier = formsById[formId], earlier.contentLine != row.contentLine {
                    throw FormError(
                        line: row.line,
                        field: FormColumn.formId.rawValue,
                        problem: "repeats the form id of line \(earlier.line) with different content"
                    )
                }
                formsById[formId] = formsById[formId] ?? row
            }
            events.append(try row.envelope(fileName: fileName, defaultOccurredAt: defaultOccurredAt))
        }
        return events
    }

    /// Writes rows as CSV with the ``columns`` header, one line each, LF line endings.
    ///
    /// - Parameter rows: the rows; their `line` is ignored.
    /// - Returns: the file's text; ``parse(csv:)`` reads the same rows back.
    public static func csv(from rows: [FormRow]) -> String {
        CSVWriter.document(rows)
    }

    /// Writes rows as JSON lines with sorted keys; absent optional values are left out.
    ///
    /// - Parameter rows: the rows; their `line` is ignored.
    /// - Returns: the file's text; ``parse(jsonLines:)`` reads the same rows back.
    public static func jsonLines(from rows: [FormRow]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var text = ""
        for row in rows {
            guard let data = try? encoder.encode(JSONFormLine(row: row)) else {
                preconditionFailure("a form row cannot be written as JSON")
            }
            text += String(decoding: data, as: UTF8.self) + "\n"
        }
        return text
    }

    /// The population's well-formed records (valid, invalid ID and duplicate) as form rows, in record order, numbered
    /// with the lines they get in ``csv(from:)-(GeneratedPopulation)`` (the first on line 2), with the record's form
    /// id and its `occurredAt` as `submittedAt`, so that ``events(from:fileName:defaultOccurredAt:)`` gives back the
    /// generated events byte for byte.
    ///
    /// - Parameter population: a generated population.
    /// - Returns: the rows.
    public static func rows(from population: GeneratedPopulation) -> [FormRow] {
        population.records.compactMap { record in
            record.payload.map {
                FormRow(
                    line: 0,
                    townshipCode: record.townshipCode,
                    payload: $0,
                    formId: record.formId,
                    submittedAt: record.occurredAt
                )
            }
        }
        .enumerated()
        .map { index, row in
            var row = row
            row.line = index + 2
            return row
        }
    }

    /// The population's well-formed records (valid, invalid ID and duplicate) as a CSV form file, so that they can be
    /// published from a file; malformed records have no form and are left out.
    ///
    /// - Parameter population: a generated population.
    /// - Returns: the file's text.
    public static func csv(from population: GeneratedPopulation) -> String {
        csv(from: rows(from: population))
    }
}
