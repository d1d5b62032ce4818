import Foundation
import PensionDomain
import Testing

@Suite struct CertificatePayloadTests {
    static func job(bank: String?, name: String = "王秀英") -> CertificatePrintRequested {
        CertificatePrintRequested(
            residentId: WireSamples.residentId, name: name, sex: .female,
            birthDate: CivilDate(year: 1940, month: 1, day: 1)!, villageCode: "510623100201", monthlyAmountFen: 5_500,
            firstPaidMonth: "2011-12", bankAccountMasked: bank, eligibleOn: CivilDate(year: 2011, month: 11, day: 20)!,
            eligibilityEventId: WireSamples.requestId)
    }

    @Test func printRequestRoundTrips() throws {
        for bank in ["6217********1234", nil] {
            let envelope = WireSamples.envelope(Self.job(bank: bank))
            let data = try envelope.encoded()
            let payload = try JSONEdit.object(data)["payload"] as? [String: Any]
            #expect((payload?["bankAccountMasked"] as? String) == bank, "absent when there is no card")
            #expect(payload?["monthlyAmountFen"] as? Int == 5_500)
            #expect(try WireDecoder.decode(CertificatePrintRequested.self, from: data) == envelope)
            #expect(try WireDecoder.decode(CertificatePrintRequested.self, from: [UInt8](data)) == envelope)
        }
    }

    @Test func printRequestLimitsAndMasking() throws {
        let long = WireSamples.envelope(Self.job(bank: nil, name: String(repeating: "张", count: 41)))
        #expect {
            try WireDecoder.decode(CertificatePrintRequested.self, from: long.encoded())
        } throws: { ($0 as? EventDecodingError)?.field == "payload.name" }
        let description = Self.job(bank: "6217********1234").description
        #expect(!description.contains(WireSamples.residentId))
        #expect(!description.contains("王秀英"))
    }

    @Test func printedRoundTrips() throws {
        let envelope = WireSamples.envelope(CertificatePrinted(
            residentId: WireSamples.residentId, certificateNumber: "510623100-000123", villageCode: "510623100201",
            printRun: 42, file: "510623100/510623100201/run-000042.pdf", page: 7, outcome: CertificatePrinted.printed,
            requestEventId: WireSamples.requestId))
        #expect(try WireDecoder.decode(CertificatePrinted.self, from: envelope.encoded()) == envelope)
        #expect(!envelope.payload.description.contains(WireSamples.residentId))
    }
}
