/// The output of ``PopulationGenerator``: the messages to publish, the household register the ID-verification worker
/// checks against, and the counts the pipeline must reach.
public struct GeneratedPopulation: Sendable {
    /// The settings it was generated from.
    public var settings: GeneratorSettings
    /// The messages in publishing order: by `occurredAt`, every duplicate after the registration it repeats.
    public var records: [GeneratedRecord]
    /// Every generated resident with their true ID number and household, by township and household.
    ///
    /// Every valid and duplicate record's resident is listed under the record's household number. A resident
    /// rejected for `household_mismatch` is listed under a different household number than the form's; one whose
    /// form has a mistyped ID (`bad_check_character`, `bad_birth_date`) is listed with the true ID.
    public var householdRegister: [HouseholdRegisterEntry]
    /// The counts over all townships.
    public var expected: ExpectedCounts
    /// The counts for each township, by 9-digit code; they add up to ``expected``.
    public var expectedByTownship: [String: ExpectedCounts]
    /// What the eligibility stage must record, over all townships.
    public var expectedEligibility: ExpectedEligibility
    /// What the eligibility stage must record, by township.
    public var expectedEligibilityByTownship: [String: ExpectedEligibility]

    /// Creates a population.
    ///
    /// - Parameters:
    ///   - settings: the settings it was generated from.
    ///   - records: the messages in publishing order.
    ///   - householdRegister: the household register.
    ///   - expected: the counts over all townships.
    ///   - expectedByTownship: the counts by township.
    ///   - expectedEligibility: the eligibility counts over all townships.
    ///   - expectedEligibilityByTownship: the eligibility counts by township.
    public init(
        settings: GeneratorSettings,
        records: [GeneratedRecord],
        householdRegister: [HouseholdRegisterEntry],
        expected: ExpectedCounts,
        expectedByTownship: [String: ExpectedCounts],
        expectedEligibility: ExpectedEligibility = .zero,
        expectedEligibilityByTownship: [String: ExpectedEligibility] = [:]
    ) {
        self.settings = settings
        self.records = records
        self.householdRegister = householdRegister
        self.expected = expected
        self.expectedByTownship = expectedByTownship
        self.expectedEligibility = expectedEligibility
        self.expectedEligibilityByTownship = expectedEligibilityByTownship
    }

    /// The verification rules the expectations assume.
    public var rules: VerificationRules {
        settings.rules
    }

    /// The household register as a lookup from the 18-character ID number to the household number.
    public func householdNumbersByResident() -> [String: String] {
        Dictionary(
            householdRegister.map { ($0.residentId, $0.householdNumber) },
            uniquingKeysWith: { first, _ in first }
        )
    }
}
