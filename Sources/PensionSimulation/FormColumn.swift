import PensionDomain

/// The columns of a registration form file, in the order written.
enum FormColumn: String, CaseIterable, CodingKey, Sendable {
    case townshipCode, residentId, name, sex, ethnicity, householdNumber, villageCode, contributionTierYuan, phone
    case bankAccount, stationId, formId, submittedAt

    /// Whether a row must have a value in this column.
    var isRequired: Bool {
        switch self {
        case .ethnicity, .phone, .bankAccount, .stationId, .formId, .submittedAt: false
        default: true
        }
    }

    /// The column's value in `row` as written to a file, `nil` for an absent optional value.
    func text(in row: FormRow) -> String? {
        let payload = row.payload
        return switch self {
        case .townshipCode: row.townshipCode
        case .residentId: payload.residentId
        case .name: payload.name
        case .sex: payload.sex.rawValue
        case .ethnicity: payload.ethnicity
        case .householdNumber: payload.householdNumber
        case .villageCode: payload.villageCode
        case .contributionTierYuan: String(payload.contributionTierYuan)
        case .phone: payload.phone
        case .bankAccount: payload.bankAccount
        case .stationId: payload.stationId
        case .formId: row.formId
        case .submittedAt: row.submittedAt.map(WireTimestamp.format)
        }
    }
}
