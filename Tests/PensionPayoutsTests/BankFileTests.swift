import Foundation
import PensionDomain
import PensionPayouts
import PensionSimulation
import PensionStore
import Testing

@Suite struct BankFileTests {
    let id = EligibilityFixture.residentID(born: "19400105", 11)

    @Test func cardFilesParseIntoRepeatableEvents() throws {
        let csv = "\u{FEFF}residentId,name,divisionCode,cardNumber,openedOn\n# comment\n\n"
            + "\(id),王五,510623204210,6228000011112222333,2011-12-09\n"
        let first = try BankCardFile.events(csv: csv, occurredAt: Date())
        let again = try BankCardFile.events(csv: csv, occurredAt: Date())
        #expect(first.count == 1)
        #expect(first[0].townshipCode == "510623204")
        #expect(first[0].payload.cardNumber == "6228000011112222333")
        #expect(first[0].payload.issuedOn.description == "2011-12-09")
        #expect(first[0].eventId == again[0].eventId)
        #expect(!first[0].payload.description.contains("6228000011112222333"))
    }

    @Test(arguments: [
        ("residentId,name,cardNumber\n", nil as String?),
        ("residentId,name,divisionCode,cardNumber,openedOn\n51062319400105011X,a,510623204210,6228000011112222333,2011-12-09\n", "residentId"),
        ("residentId,name,divisionCode,cardNumber,openedOn\n{ID},a,5106232042,6228000011112222333,2011-12-09\n", "divisionCode"),
        ("residentId,name,divisionCode,cardNumber,openedOn\n{ID},a,510623204210,62280000-1111,2011-12-09\n", "cardNumber"),
        ("residentId,name,divisionCode,cardNumber,openedOn\n{ID},a,510623204210,6228000011112222333,2011-13-09\n", "openedOn"),
    ])
    func badCardFilesNameTheLineAndColumnButNoValue(csv: String, column: String?) {
        let text = csv.replacingOccurrences(of: "{ID}", with: id)
        #expect {
            _ = try BankCardFile.events(csv: text, occurredAt: Date())
        } throws: { error in
            guard let error = error as? BankFileError else { return false }
            return error.column == column && !error.description.contains(id) && !error.description.contains("6228")
        }
    }

    @Test func resultFilesRoundTripAndRefuseUnknownReasons() throws {
        let batch = BankBatch(
            batchId: "2011-12-510623204-001", month: "2011-12", townshipCode: "510623204",
            records: [BankBatchRecord(residentId: id, name: "王五", villageCode: "510623204210",
                                      cardNumber: "6228000011112222333", amountFen: 5_500, attempt: 1)],
            totalFen: 5_500)
        let paid = BankResultFile.write([batch]) { _, _, _ in nil }
        let failed = BankResultFile.write([batch]) { _, _, _ in "deceased" }
        guard case .completed(let completed) = try BankResultFile.events(csv: paid, occurredAt: Date())[0] else {
            Issue.record("expected payout.completed")
            return
        }
        #expect(completed.payload.batchId == batch.batchId && completed.payload.amountFen == 5_500)
        #expect(completed.townshipCode == "510623204")
        guard case .failed(let failure) = try BankResultFile.events(csv: failed, occurredAt: Date())[0] else {
            Issue.record("expected payout.failed")
            return
        }
        #expect(failure.payload.reasonCode == "deceased")
        #expect(completed.eventId != failure.eventId)
        #expect(throws: BankFileError.self) {
            try BankResultFile.events(csv: failed.replacingOccurrences(of: "deceased", with: "moved"), occurredAt: Date())
        }
        #expect(throws: BankFileError.self) {
            try BankResultFile.events(csv: paid.replacingOccurrences(of: ",5500,", with: ",55.00,"), occurredAt: Date())
        }
    }

    @Test func theSimulatedBanksCardFileIsAValidCardFile() throws {
        var settings = GeneratorSettings(townshipCodes: ["510623204"])
        settings.residentsPerTownship = 400
        let population = PopulationGenerator().generate(settings)
        let pensioners = population.expectedEligibility.pensioners
        let bank = BankSimulation(seed: 3)
        let events = try BankCardFile.events(csv: bank.cardFile(for: pensioners, openedOn: CivilDate(iso: "2011-12-09")!),
                                             occurredAt: Date())
        let without = pensioners.filter { !$0.hasRegistrationCard }
        #expect(!without.isEmpty)
        #expect(events.count == without.filter { bank.opensCard(for: $0.residentId) }.count)
        #expect(Set(events.map(\.payload.residentId)).isSubset(of: Set(without.map(\.residentId))))
    }

    @Test func batchFilesCarryTheControlTotalAndAmountsInFen() {
        let records = (1...3).map {
            BankBatchRecord(residentId: id, name: "王五", villageCode: "510623204210", cardNumber: "622800001111222233\($0)",
                            amountFen: 5_500 + $0, attempt: 1)
        }
        let batch = BankBatch(batchId: "2011-12-510623204-002", month: "2011-12", townshipCode: "510623204",
                              records: records, totalFen: 16_506)
        let text = BankBatchFile.render(batch, townshipName: "石泉乡")
        let lines = text.split(separator: "\n")
        #expect(lines.count == 6)
        #expect(lines[1] == "line,socialInsuranceNumber,name,residentId,divisionCode,divisionName,cardNumber,amountFen")
        #expect(lines[2] == "1,\(id),王五,\(id),510623204210,石泉乡,6228000011112222331,5501")
        #expect(lines[5] == "TOTAL,3,16506")
        #expect(Money.yuan(16_506) == "165.06" && Money.yuan(5) == "0.05" && Money.yuan(-120) == "-1.20")
    }

    @Test func renamedTopicCatalogsKeepTheEventTypes() throws {
        let topics = try TopicCatalog.load(from: EligibilityFixture.configURL("topics.json")).renamed(prefix: "t-1")
        #expect(topics.topic(forEvent: PensionEligible.eventType)?.name == "t-1.eligibility")
        #expect(topics.topic(forEvent: PensionEligible.eventType)?.deadLetter == "t-1.dlq.eligibility")
        #expect(topics.topic(forEvent: PayoutFailed.eventType)?.name == "t-1.payout")
        #expect(topics.topics.allSatisfy { $0.name.hasPrefix("t-1.") })
    }
}
