import ArgumentParser
import Foundation
import PensionSimulation
import PensionStore

struct HouseholdCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "household",
        abstract: "The reference household register the ID-verification worker checks against.",
        subcommands: [Load.self]
    )

    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load (add or update) register entries from a CSV with header householdNumber,residentId,name "
                + "or householdNumber,residentId,name,relationship,sex,birthDate."
        )
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The CSV file.") var file: String

        func run() async throws {
            let context = try await options.load("pension.household")
            let members = try HouseholdRegisterFile.parse(csv: try String(contentsOfFile: file, encoding: .utf8))
            try await context.openStore().loadHouseholdRegister(members)
            print("loaded \(members.count) household-register entries into \(context.store)")
        }
    }
}

/// Writes a generated population's household register in the format `pension household load` reads.
enum HouseholdRegisterCSV {
    static func write(_ population: GeneratedPopulation, to path: String) throws {
        var text = HouseholdRegisterFile.fullColumns.joined(separator: ",") + "\n"
        for member in population.householdRegister {
            text += "\(member.householdNumber),\(member.residentId),\(member.name),\(member.relationship.rawValue),"
                + "\(member.sex.rawValue),\(member.birthDate)\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}

extension GeneratedPopulation {
    /// The household register as the store holds it.
    var storeRegister: [HouseholdMember] {
        householdRegister.map {
            HouseholdMember(
                householdNumber: $0.householdNumber, residentId: $0.residentId, name: $0.name,
                relationship: $0.relationship, sex: $0.sex, birthDate: $0.birthDate)
        }
    }
}
