import PensionSimulation
import Testing

@Suite struct GeneratorSettingsTests {
    @Test func defaultsAreValid() throws {
        let settings = GeneratorSettings(townshipCodes: ["510623100"])
        try settings.validate()
        #expect(settings.seed == 2011)
        #expect(settings.residentsPerTownship == 1000)
        #expect(settings.rules == VerificationRules())
    }

    @Test func rejectsSettingsThatCannotBeGenerated() {
        var settings = GeneratorSettings(townshipCodes: ["510623100"])
        let changes: [(inout GeneratorSettings) -> Void] = [
            { $0.townshipCodes = [] },
            { $0.townshipCodes = ["510623100", "510623100"] },
            { $0.townshipCodes = ["51062310"] },
            { $0.townshipCodes = ["510722100"] },
            { $0.residentsPerTownship = -1 },
            { $0.invalidIDShare = 1.5 },
            { $0.invalidIDShare = 0.6; $0.malformedShare = 0.6 },
            { $0.duplicateShare = .nan },
            { $0.minimumAge = 0 },
        ]
        for change in changes {
            var changed = settings
            change(&changed)
            #expect(throws: GeneratorSettingsError.self) { try changed.validate() }
        }
        settings.residentsPerTownship = 0
        #expect(PopulationGenerator().generate(settings).records.isEmpty)
    }

    @Test func sharesOfZeroGiveOnlyValidRecords() {
        var settings = GeneratorSettings(townshipCodes: ["510623130"])
        settings.residentsPerTownship = 200
        settings.invalidIDShare = 0
        settings.malformedShare = 0
        settings.duplicateShare = 0
        let population = PopulationGenerator().generate(settings)
        #expect(population.records.count == 200)
        #expect(population.records.allSatisfy { $0.kind == .valid })
        #expect(population.expected.verified == 200)
    }
}
