import Configuration
import PensionDomain

extension AppContext {
    /// The pension rules from `pension.*` in `config/pension.json` (defaults: ``PensionDomain/PensionRules``).
    ///
    /// Keys: `pension.basicPensionFen`, `pension.pensionAge`, `pension.contributionAgeMin`,
    /// `pension.contributionAgeMax`, `pension.schemeStart` (`YYYY-MM-DD`), `pension.familyBinding`,
    /// `pension.noticePeriodDays`, `pension.bankBatchSize`, `pension.accountDivisor`.
    func pensionRules() throws -> PensionRules {
        var rules = PensionRules()
        rules.basicPensionFen = config.int(forKey: "pension.basicPensionFen", default: rules.basicPensionFen)
        rules.pensionAge = config.int(forKey: "pension.pensionAge", default: rules.pensionAge)
        let low = config.int(forKey: "pension.contributionAgeMin", default: rules.contributionAges.lowerBound)
        let high = config.int(forKey: "pension.contributionAgeMax", default: rules.contributionAges.upperBound)
        guard low <= high, high < rules.pensionAge else {
            throw CLIError("pension.contributionAgeMin must not exceed pension.contributionAgeMax, which must be under pension.pensionAge")
        }
        rules.contributionAges = low...high
        let start = config.string(forKey: "pension.schemeStart", default: rules.schemeStart.description)
        guard let schemeStart = CivilDate(iso: start) else { throw CLIError("pension.schemeStart must be YYYY-MM-DD") }
        rules.schemeStart = schemeStart
        rules.familyBinding = config.bool(forKey: "pension.familyBinding", default: rules.familyBinding)
        rules.noticePeriodDays = config.int(forKey: "pension.noticePeriodDays", default: rules.noticePeriodDays)
        rules.bankBatchSize = config.int(forKey: "pension.bankBatchSize", default: rules.bankBatchSize)
        rules.accountDivisor = config.int(forKey: "pension.accountDivisor", default: rules.accountDivisor)
        guard rules.basicPensionFen >= 0, rules.bankBatchSize > 0, rules.accountDivisor > 0, rules.noticePeriodDays >= 0
        else {
            throw CLIError("pension.basicPensionFen and pension.noticePeriodDays must be ≥ 0, pension.bankBatchSize and pension.accountDivisor > 0")
        }
        return rules
    }

    /// The business date: `--business-date` if given, else `pension.businessDate` (env `PENSION_BUSINESS_DATE`).
    func businessDate(override: String?) throws -> CivilDate {
        let text = override ?? config.string(forKey: "pension.businessDate", default: "2011-12-01")
        guard let date = CivilDate(iso: text) else { throw CLIError("the business date must be YYYY-MM-DD") }
        return date
    }
}
