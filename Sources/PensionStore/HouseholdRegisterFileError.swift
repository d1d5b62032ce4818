/// Why a household-register CSV could not be read.
///
/// The description names the line and column, never the value found there.
public struct HouseholdRegisterFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong; raw values are stable codes.
    public enum Reason: String, Sendable, Hashable {
        /// The file has no header line.
        case missingHeader = "missing_header"
        /// The header is not `householdNumber,residentId,name`.
        case badHeader = "bad_header"
        /// A line has fewer fields than the header; the column is the first one missing.
        case missingField = "missing_field"
        /// A line has more fields than the header.
        case extraField = "extra_field"
        /// A field is empty or only whitespace.
        case emptyField = "empty_field"
        /// A quoted field is not closed, or text follows its closing quote.
        case badQuoting = "bad_quoting"
        /// A relationship, sex or birth date that cannot be read.
        case badValue = "bad_value"
    }

    /// What was wrong.
    public let reason: Reason
    /// The 1-based line number; the header is line 1.
    public let line: Int
    /// The column's header name, e.g. `residentId`, or `nil` for an extra field or a missing header.
    public let column: String?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - reason: what was wrong.
    ///   - line: the 1-based line number.
    ///   - column: the column's header name, if there is one.
    public init(_ reason: Reason, line: Int, column: String?) {
        self.reason = reason
        self.line = line
        self.column = column
    }

    /// For example `household register line 3, column residentId: empty_field`.
    public var description: String {
        let place = column.map { "line \(line), column \($0)" } ?? "line \(line)"
        return "household register \(place): \(reason.rawValue)"
    }
}
