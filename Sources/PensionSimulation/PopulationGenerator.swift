/// Generates a reproducible population of registrations for the enrollment drive, with the counts the pipeline must
/// reach when it processes them.
///
/// Everything comes from a SplitMix64 generator seeded from ``GeneratorSettings/seed`` and each township's code, never
/// from the system generator, so the same settings always give byte-identical messages.
///
/// Per township, ``GeneratorSettings/residentsPerTownship`` residents in households each hand in one registration:
/// a share is rejected by the ID-verification worker (``RejectionReason``), a share is malformed and the rest are
/// valid; then a share of the valid residents register again (duplicates). ID numbers mostly come from the county
/// (510623), some from other accepted divisions (510603 Jingyang, 510681 Guanghan). Records are ordered by time
/// during the drive, so townships are interleaved and every duplicate comes after its original.
public struct PopulationGenerator: Sendable {
    /// Creates a generator.
    public init() {}

    /// Generates a population.
    ///
    /// - Precondition: `settings.validate()` does not throw.
    /// - Parameter settings: what to generate.
    /// - Returns: the records, household register and expected counts.
    public func generate(_ settings: GeneratorSettings) -> GeneratedPopulation {
        do {
            try settings.validate()
        } catch {
            preconditionFailure(error.description)
        }
        let clock = DriveClock(referenceDate: settings.referenceDate)
        var usedIDs: Set<String> = []
        var serial = 0
        var planned: [PlannedRecord] = []
        var register: [HouseholdRegisterEntry] = []
        var byTownship: [String: ExpectedCounts] = [:]
        var eligibilityByTownship: [String: ExpectedEligibility] = [:]
        for code in settings.townshipCodes {
            var rng = SplitMix64(seed: settings.seed, label: code)
            let planner = TownshipPlanner(townshipCode: code, settings: settings, clock: clock)
            let plan = planner.plan(using: &rng, usedIDs: &usedIDs, serial: &serial)
            planned += plan.records
            register += plan.register
            byTownship[code] = plan.expected
            eligibilityByTownship[code] = plan.eligibility
        }
        planned.sort { ($0.occurredAt, $0.serial) < ($1.occurredAt, $1.serial) }
        return GeneratedPopulation(
            settings: settings,
            records: planned.map { $0.encoded() },
            householdRegister: register,
            expected: settings.townshipCodes.reduce(.zero) { $0 + (byTownship[$1] ?? .zero) },
            expectedByTownship: byTownship,
            expectedEligibility: settings.townshipCodes.reduce(.zero) { $0 + (eligibilityByTownship[$1] ?? .zero) },
            expectedEligibilityByTownship: eligibilityByTownship
        )
    }
}
