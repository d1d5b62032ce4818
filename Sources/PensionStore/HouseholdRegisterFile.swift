import Foundation
import PensionDomain

/// Reads the household register (户籍) from CSV.
///
/// The first line must be the header `householdNumber,residentId,name`, or the full register page's
/// `householdNumber,residentId,name,relationship,sex,birthDate` (relationship to the head of household as in
/// ``PensionDomain/HouseholdRelationship`` (`head`, `spouse`, `child`, …), sex `male`/`female`, birth date
/// `YYYY-MM-DD`; all three required), optionally followed by `exemption`: empty, or why a member of contribution age
/// does not bind the household's elderly (``PensionDomain/BindingExemption``: `student`, `employee_scheme`). Fields are trimmed and may be quoted with
/// `"` (a doubled `""` inside stands for one quote); a field cannot span lines. Blank lines, a byte-order mark and
/// `\r\n` line ends are accepted. Resident IDs are normalised to 18 characters where they parse, else kept as typed
/// (trimmed, with an upper-case `X`), the same form registrations are stored in.
public enum HouseholdRegisterFile {
    /// The header's column names, in order.
    public static let columns = ["householdNumber", "residentId", "name"]
    /// The full header's column names, in order.
    public static let fullColumns = columns + ["relationship", "sex", "birthDate"]
    /// The full header with the optional exemption column.
    public static let exemptionColumns = fullColumns + ["exemption"]

    /// Parses a household-register CSV.
    ///
    /// - Parameter csv: the file's text.
    /// - Returns: the members in file order.
    /// - Throws: ``HouseholdRegisterFileError`` naming the line and column of the first problem.
    public static func parse(csv: String) throws(HouseholdRegisterFileError) -> [HouseholdMember] {
        var text = Substring(csv)
        if text.first == "\u{FEFF}" {
            text.removeFirst()
        }
        var members: [HouseholdMember] = []
        var sawHeader = false
        var columns = Self.columns
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (index, line) in lines.enumerated() {
            let number = index + 1
            guard !line.allSatisfy(\.isWhitespace) else {
                if !sawHeader { throw HouseholdRegisterFileError(.missingHeader, line: number, column: nil) }
                continue
            }
            if !sawHeader {
                columns = [Self.exemptionColumns, Self.fullColumns].first { candidate in
                    (try? CSVLine.fields(line, lineNumber: number, columns: candidate)) != nil
                } ?? Self.columns
            }
            let fields = try CSVLine.fields(line, lineNumber: number, columns: columns)
            guard sawHeader else {
                if let mismatch = columns.indices.first(where: { fields[$0] != columns[$0] }) {
                    throw HouseholdRegisterFileError(.badHeader, line: number, column: columns[mismatch])
                }
                sawHeader = true
                continue
            }
            for (field, column) in zip(fields, columns) where field.isEmpty && column != "exemption" {
                throw HouseholdRegisterFileError(.emptyField, line: number, column: column)
            }
            let residentId = normalizedResidentID(fields[1])
            var member = HouseholdMember(householdNumber: fields[0], residentId: residentId, name: fields[2])
            if columns.count >= Self.fullColumns.count {
                guard let relationship = HouseholdRelationship(rawValue: fields[3]) else {
                    throw HouseholdRegisterFileError(.badValue, line: number, column: columns[3])
                }
                guard let sex = Sex(rawValue: fields[4]) else {
                    throw HouseholdRegisterFileError(.badValue, line: number, column: columns[4])
                }
                guard let birthDate = CivilDate(iso: fields[5]) else {
                    throw HouseholdRegisterFileError(.badValue, line: number, column: columns[5])
                }
                member.relationship = relationship
                member.sex = sex
                member.birthDate = birthDate
            }
            if columns.count == Self.exemptionColumns.count, !fields[6].isEmpty {
                guard let exemption = BindingExemption(rawValue: fields[6]) else {
                    throw HouseholdRegisterFileError(.badValue, line: number, column: columns[6])
                }
                member.exemption = exemption
            }
            members.append(member)
        }
        guard sawHeader else {
            throw HouseholdRegisterFileError(.missingHeader, line: 1, column: nil)
        }
        return members
    }

    /// The 18-character form if the ID parses, else the ID as typed with an upper-case `X`.
    static func normalizedResidentID(_ raw: String) -> String {
        (try? ResidentID.parse(raw))?.value ?? raw.replacingOccurrences(of: "x", with: "X")
    }
}
