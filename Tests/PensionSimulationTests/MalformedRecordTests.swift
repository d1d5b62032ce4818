import Foundation
import PensionDomain
import PensionSimulation
import Testing

@Suite struct MalformedRecordTests {
    let malformed: [(record: GeneratedRecord, code: String)] = TestPopulations.small.records.compactMap {
        if case .malformed(let code) = $0.kind { return ($0, code) }
        return nil
    }

    @Test func everyMalformedRecordFailsWithItsCode() {
        #expect(malformed.count == 60)
        for (record, code) in malformed {
            #expect(record.payload == nil)
            #expect(throws: EventDecodingError.self) {
                try WireDecoder.decode(RegistrationSubmitted.self, from: Data(record.value))
            }
            do {
                _ = try WireDecoder.decode(RegistrationSubmitted.self, from: Data(record.value))
            } catch {
                #expect(error.code.rawValue == code)
            }
        }
    }

    @Test func readableMalformedRecordsKeepTheirEnvelope() throws {
        for (record, code) in malformed where code != "malformed_json" {
            let eventId = try #require(record.eventId)
            let header = try WireDecoder.header(of: Data(record.value))
            #expect(header.eventId == eventId)
            #expect(header.townshipCode == record.townshipCode)
        }
        #expect(malformed.filter { $0.code == "malformed_json" }.allSatisfy { $0.record.eventId == nil })
    }

    @Test func decodingErrorsDoNotQuoteTheResidentID() {
        for (record, _) in malformed {
            do {
                _ = try WireDecoder.decode(RegistrationSubmitted.self, from: Data(record.value))
            } catch {
                #expect(!error.description.contains(record.residentId))
            }
        }
    }
}
