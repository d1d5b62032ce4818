/// Why a household member of contribution age does not bind the household's elderly (family binding): they are not
/// expected to enrol in the residents' scheme.
public enum BindingExemption: String, Sendable, Hashable, Codable, CaseIterable {
    /// A full-time student (在校学生).
    case student
    /// Insured under the urban employees' pension scheme (城镇职工基本养老保险).
    case employeeScheme = "employee_scheme"
}
