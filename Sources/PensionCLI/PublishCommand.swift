import ArgumentParser
import Foundation
import PensionDomain
import PensionSimulation
import PensionWorkers

struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish registration.submitted events from a CSV or JSON-lines file of registration forms."
    )
    @OptionGroup var options: GlobalOptions
    @Argument(help: "A .csv (with header row) or .jsonl file of registration forms; see docs/wire-format.md.")
    var file: String
    @Option(
        help: """
            occurredAt of forms without submittedAt, e.g. 2011-11-20T09:30:00+08:00; required when a form lacks one. \
            Give the same value again when re-publishing the file.
            """
    )
    var occurredAt: String?

    func run() async throws {
        var defaultOccurredAt: Date?
        if let occurredAt {
            guard let date = WireTimestamp.parse(occurredAt) else {
                throw ValidationError(
                    "--occurred-at must be an ISO-8601 date-time with an offset, such as 2011-11-20T09:30:00+08:00"
                )
            }
            defaultOccurredAt = date
        }
        let context = try await options.load("pension.publish")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let rows = file.hasSuffix(".csv") ? try RegistrationForms.parse(csv: text) : try RegistrationForms.parse(jsonLines: text)
        // Ids and times come from the file, never from chance or the clock: publishing it again repeats its events.
        let events = try RegistrationForms.events(from: rows, fileName: file, defaultOccurredAt: defaultOccurredAt)
        let publisher = try Publisher(context: context)
        let topic = try publisher.registrationTopic
        let messages = try events.map { try publisher.message($0) }
        let delivered = try await publisher.send(messages)
        try await publisher.shutdown()
        print("published \(delivered) registrations from \(file) to \(topic)")
    }
}

struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a seeded, reproducible population of registration forms (CSV) and its household register."
    )
    @Option(name: .customLong("township"), help: "Township code (repeatable). Default: 510623100 and 510623101.")
    var townships: [String] = []
    @Option(help: "Residents per township.") var perTownship = 1_000
    @Option(help: "Random seed.") var seed: UInt64 = 2011
    @Option(help: "Output CSV of registration forms.") var out = "registrations.csv"
    @Option(help: "Output CSV of the household register.") var register = "household-register.csv"
    @Option(help: "Also write a simulated bank's card file (pension bank import-cards) for pensioners without a card.")
    var cards: String?
    @Option(help: "The day the simulated bank opened the cards.") var cardsOpenedOn = "2011-12-09"

    func run() async throws {
        var settings = GeneratorSettings(townshipCodes: townships.isEmpty ? ["510623100", "510623101"] : townships)
        settings.seed = seed
        settings.residentsPerTownship = perTownship
        let population = PopulationGenerator().generate(settings)
        try RegistrationForms.csv(from: population).write(toFile: out, atomically: true, encoding: .utf8)
        try HouseholdRegisterCSV.write(population, to: register)
        print("wrote \(population.records.count) records to \(out) and the household register to \(register)")
        if let cards {
            guard let day = CivilDate(iso: cardsOpenedOn) else { throw CLIError("--cards-opened-on must be YYYY-MM-DD") }
            try BankSimulation(seed: seed).cardFile(for: population.expectedEligibility.pensioners, openedOn: day)
                .write(toFile: cards, atomically: true, encoding: .utf8)
            print("wrote the simulated bank's card file to \(cards)")
        }
    }
}
