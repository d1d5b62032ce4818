import Foundation
import PensionDomain

/// Checks the text of one form row and builds it; shared by the CSV and JSON-lines readers.
///
/// Values are trimmed and an empty value counts as absent. The resident ID is kept as typed (the ID-verification
/// worker judges it); the township code must be 9 digits, the village code 12 digits starting with it, the sex `male`
/// or `female` (`男` or `女` are accepted too), the tier a positive whole number and `submittedAt` a date-time with an
/// offset (`WireTimestamp`, the envelope's own).
enum FormRowBuilder {
    static func build(line: Int, values: [FormColumn: String]) throws(FormError) -> FormRow {
        var present: [FormColumn: String] = [:]
        for column in FormColumn.allCases {
            let value = values[column].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
            if !value.isEmpty {
                present[column] = value
            } else if column.isRequired {
                throw FormError(line: line, field: column.rawValue, problem: "is required but empty")
            }
        }
        func required(_ column: FormColumn) -> String {
            present[column] ?? ""
        }
        let township = required(.townshipCode)
        guard isDigits(township, count: 9) else {
            throw FormError(line: line, field: FormColumn.townshipCode.rawValue, problem: "must be 9 digits")
        }
        let village = required(.villageCode)
        guard isDigits(village, count: 12), village.hasPrefix(township) else {
            throw FormError(
                line: line,
                field: FormColumn.villageCode.rawValue,
                problem: "must be 12 digits starting with the township code"
            )
        }
        guard let sex = sex(required(.sex)) else {
            throw FormError(line: line, field: FormColumn.sex.rawValue, problem: "must be male or female (男 or 女)")
        }
        guard let tier = Int(required(.contributionTierYuan)), tier > 0 else {
            throw FormError(
                line: line,
                field: FormColumn.contributionTierYuan.rawValue,
                problem: "must be a positive whole number of yuan"
            )
        }
        var submittedAt: Date?
        if let text = present[.submittedAt] {
            guard let date = WireTimestamp.parse(text) else {
                throw FormError(
                    line: line,
                    field: FormColumn.submittedAt.rawValue,
                    problem: "must be an ISO-8601 date-time with an offset, such as 2011-11-20T09:30:00+08:00"
                )
            }
            submittedAt = date
        }
        let payload = RegistrationSubmitted(
            residentId: required(.residentId),
            name: required(.name),
            sex: sex,
            ethnicity: present[.ethnicity],
            householdNumber: required(.householdNumber),
            villageCode: village,
            contributionTierYuan: tier,
            phone: present[.phone],
            bankAccount: present[.bankAccount],
            stationId: present[.stationId]
        )
        return FormRow(
            line: line,
            townshipCode: township,
            payload: payload,
            formId: present[.formId],
            submittedAt: submittedAt
        )
    }

    private static func sex(_ text: String) -> Sex? {
        switch text.lowercased() {
        case "male", "男": .male
        case "female", "女": .female
        default: nil
        }
    }

    private static func isDigits(_ text: String, count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy { (48...57).contains($0) }
    }
}
