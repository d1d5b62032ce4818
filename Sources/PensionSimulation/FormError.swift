/// A registration form file that cannot be read.
///
/// Names the line and the field, never the field's value, which may be personal data.
public struct FormError: Error, Sendable, Hashable, CustomStringConvertible {
    /// ``field`` when the problem concerns the whole row or line rather than one field.
    public static let wholeRecord = "(record)"

    /// The 1-based line of the file.
    public let line: Int
    /// The column, such as `residentId`; ``wholeRecord``; or `column N` for a header column that is not known.
    public let field: String
    /// What is wrong, in English, without the value.
    public let problem: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - line: the 1-based line.
    ///   - field: the column or ``wholeRecord``.
    ///   - problem: what is wrong; must not contain the value.
    public init(line: Int, field: String, problem: String) {
        self.line = line
        self.field = field
        self.problem = problem
    }

    /// For example `line 12, field villageCode: must be 12 digits starting with the township code`.
    public var description: String {
        "line \(line), field \(field): \(problem)"
    }
}
