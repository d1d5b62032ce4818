import Foundation
import PensionSimulation
import Testing

@Suite struct ZZTiming {
    @Test func county() throws {
        let codes = ["100","101","102","103","104","105","106","107","108","109","110","111","112","113","114","115","116","117","118","119","120","121","122","123","124","125","127","130","132","200","201","203","204","206","207","208","209","210","211","212","214","216","218","219","221"].map { "510623" + $0 }
        let start = Date()
        let p = PopulationGenerator().generate(GeneratorSettings(townshipCodes: codes))
        let mid = Date()
        let csv = RegistrationForms.csv(from: p)
        let rows = try RegistrationForms.parse(csv: csv)
        print("TIMING", p.records.count, mid.timeIntervalSince(start), Date().timeIntervalSince(mid), rows.count, csv.utf8.count)
    }
}
