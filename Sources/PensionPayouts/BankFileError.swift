/// A bank file (cards, results) that cannot be read: the line and column, never the value.
public struct BankFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 1-based line.
    public let line: Int
    /// The column, if one is at fault.
    public let column: String?
    /// What is wrong.
    public let problem: String

    /// - Parameters:
    ///   - line: the 1-based line.
    ///   - column: the column at fault.
    ///   - problem: what is wrong (no values).
    public init(line: Int, column: String?, _ problem: String) {
        self.line = line
        self.column = column
        self.problem = problem
    }

    public var description: String {
        "bank file line \(line)" + (column.map { ", column \($0)" } ?? "") + ": \(problem)"
    }
}

/// Splits simple CSV (no quoting: bank files here hold digits, codes and names without commas).
enum BankCSV {
    /// The data lines with their 1-based numbers, after checking the header; blank lines and `#` comments skipped.
    static func rows(_ text: String, header: [String]) throws(BankFileError) -> [(line: Int, fields: [String])] {
        var body = Substring(text)
        if body.first == "\u{FEFF}" { body.removeFirst() }
        var rows: [(Int, [String])] = []
        var sawHeader = false
        for (index, raw) in body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard sawHeader else {
                guard fields == header else {
                    throw BankFileError(line: index + 1, column: nil, "the header must be \(header.joined(separator: ","))")
                }
                sawHeader = true
                continue
            }
            guard fields.count == header.count else {
                throw BankFileError(line: index + 1, column: nil, "expected \(header.count) fields, found \(fields.count)")
            }
            rows.append((index + 1, fields))
        }
        guard sawHeader else { throw BankFileError(line: 1, column: nil, "missing header") }
        return rows
    }
}
