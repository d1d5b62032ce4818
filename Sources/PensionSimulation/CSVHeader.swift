import Foundation

/// The columns of a CSV form file, read from its header line.
struct CSVHeader {
    /// The column of each field, in file order.
    let columns: [FormColumn]
    /// The header's line.
    let line: Int

    /// Reads the header; every required column must appear, and no column twice or unknown.
    init(_ record: CSVRecord) throws(FormError) {
        var columns: [FormColumn] = []
        for (index, name) in record.fields.enumerated() {
            // An unknown name is not echoed: a file without a header would put a resident's data here.
            guard let column = FormColumn(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                throw FormError(
                    line: record.line,
                    field: "column \(index + 1)",
                    problem: "the header names an unknown column; expected "
                        + RegistrationForms.columns.joined(separator: ",")
                )
            }
            guard !columns.contains(column) else {
                throw FormError(
                    line: record.line,
                    field: column.rawValue,
                    problem: "the header names this column twice"
                )
            }
            columns.append(column)
        }
        for column in FormColumn.allCases where column.isRequired && !columns.contains(column) {
            throw FormError(line: record.line, field: column.rawValue, problem: "the header lacks this required column")
        }
        self.columns = columns
        self.line = record.line
    }

    /// The column name of the field at `index`, or `column N` past the header's columns.
    func name(ofField index: Int) -> String {
        index < columns.count ? columns[index].rawValue : "column \(index + 1)"
    }

    /// The row in `record`.
    func row(_ record: CSVRecord) throws(FormError) -> FormRow {
        guard record.fields.count == columns.count else {
            throw FormError(
                line: record.line,
                field: record.fields.count < columns.count ? name(ofField: record.fields.count) : FormError.wholeRecord,
                problem: "the row has \(record.fields.count) fields but the header has \(columns.count)"
            )
        }
        var values: [FormColumn: String] = [:]
        for (column, value) in zip(columns, record.fields) {
            values[column] = value
        }
        return try FormRowBuilder.build(line: record.line, values: values)
    }
}
