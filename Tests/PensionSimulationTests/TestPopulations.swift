import Foundation
import PensionDomain
import PensionSimulation

/// Populations shared by the tests; generated once per test process.
enum TestPopulations {
    /// Five townships of 1,000 residents with the default shares.
    static let fiveThousand: GeneratedPopulation = PopulationGenerator().generate(fiveThousandSettings)

    static let fiveThousandSettings = GeneratorSettings(
        townshipCodes: ["510623100", "510623101", "510623125", "510623200", "510623221"]
    )

    /// Two townships of 300 residents with raised shares, so that every kind and reason is frequent.
    static let small: GeneratedPopulation = PopulationGenerator().generate(smallSettings(seed: 7))

    static func smallSettings(seed: UInt64) -> GeneratorSettings {
        var settings = GeneratorSettings(townshipCodes: ["510623100", "510623204"])
        settings.seed = seed
        settings.residentsPerTownship = 300
        settings.invalidIDShare = 0.15
        settings.malformedShare = 0.1
        settings.duplicateShare = 0.1
        return settings
    }

    /// The populations by name, for parameterized tests (whose output would otherwise print whole populations).
    static let named: [String: GeneratedPopulation] = ["fiveThousand": fiveThousand, "small": small]
    static let names = ["fiveThousand", "small"]

    /// A valid ID built in the tests: `division`, birth date digits `yyyymmdd`, sequence `sequence`.
    static func residentID(division: String = "510623", birth: String, sequence: String) -> String {
        let first17 = division + birth + sequence
        return first17 + String(ResidentID.checkCharacter(forFirst17: first17)!)
    }
}

/// What an independent reading of the records gives: decode each with the domain's decoder, count first
/// registrations by message key, and apply the verification rules against the household register.
enum PipelineOracle {
    static func counts(of population: GeneratedPopulation) -> [String: ExpectedCounts] {
        let register = population.householdNumbersByResident()
        var enrolled: Set<String> = []
        var counts: [String: ExpectedCounts] = [:]
        for record in population.records {
            var tally = counts[record.townshipCode, default: .zero]
            tally.submitted += 1
            do {
                let event = try WireDecoder.decode(RegistrationSubmitted.self, from: Data(record.value))
                let key = MessageKey.resident(event.payload.residentId)
                if !enrolled.insert(key).inserted {
                    tally.duplicates += 1
                } else {
                    tally.enrolled += 1
                    let reason = population.rules.rejectionReason(
                        residentId: event.payload.residentId,
                        householdNumber: event.payload.householdNumber,
                        registeredHouseholdNumber: register[key]
                    )
                    if let reason {
                        tally.rejectedByReason[reason, default: 0] += 1
                    } else {
                        tally.verified += 1
                    }
                }
            } catch {
                tally.malformedByCode[error.code.rawValue, default: 0] += 1
            }
            counts[record.townshipCode] = tally
        }
        return counts
    }
}

/// FNV-1a over every message value and register line, to compare populations across processes.
enum Digest {
    static func of(_ population: GeneratedPopulation) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func add(_ bytes: some Sequence<UInt8>) {
            for byte in bytes {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            }
        }
        for record in population.records {
            add(record.value)
        }
        for entry in population.householdRegister {
            add((entry.residentId + entry.householdNumber + entry.name).utf8)
        }
        return hash
    }
}
