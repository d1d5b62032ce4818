import Foundation
import PensionDomain
import Testing

/// The new payloads' fast writers and readers agree with Foundation's `JSONEncoder` / `JSONDecoder` (`Codable`).
@Suite struct PayloadWireTests {
    static let id = UUID(uuidString: "2A4C6E80-1B3D-4F5A-9C7E-0D2F4A6B8C9E")!
    static let date = CivilDate(iso: "1940-01-05")!

    func check<P: EventPayload & Equatable>(_ payload: P, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let envelope = EventEnvelope(eventId: Self.id, occurredAt: Date(timeIntervalSince1970: 1_322_000_000),
                                     townshipCode: "510623204", payload: payload)
        let bytes = try envelope.encodedBytes()
        let text = String(decoding: bytes, as: UTF8.self)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let reference = String(decoding: try encoder.encode(payload), as: UTF8.self)
        let start = try #require(text.range(of: "\"payload\":"), sourceLocation: sourceLocation).upperBound
        let end = try #require(text.range(of: ",\"schemaVersion\""), sourceLocation: sourceLocation).lowerBound
        #expect(String(text[start..<end]) == reference, sourceLocation: sourceLocation)
        #expect(try WireDecoder.decode(P.self, from: bytes).payload == payload, sourceLocation: sourceLocation)
        #expect(try JSONDecoder().decode(P.self, from: Data(reference.utf8)) == payload, sourceLocation: sourceLocation)
        #expect(text.contains("\"type\":\"\(P.eventType)\""), sourceLocation: sourceLocation)
    }

    @Test func everyNewPayloadRoundTrips() throws {
        let resident = "51062319400105011X"
        try check(PensionEligible(residentId: resident, householdNumber: "510623204000042", villageCode: "510623204210",
                                  sex: .female, birthDate: Self.date, monthlyAmountFen: 5_500, firstPaidMonth: "2011-12",
                                  eligibleOn: CivilDate(iso: "2011-11-25")!, verificationEventId: Self.id))
        try check(PensionHeld(residentId: resident, householdNumber: "", villageCode: "510623204210",
                              reasonCode: "family_binding", membersNotEnrolled: 2, verificationEventId: Self.id))
        try check(PensionReleased(residentId: resident, householdNumber: "510623204000042", villageCode: "510623204210",
                                  monthlyAmountFen: 5_502, firstPaidMonth: "2012-01",
                                  eligibleOn: CivilDate(iso: "2011-12-02")!, releasedByEventId: Self.id))
        for card in ["***************0123", nil] {
            try check(CertificatePrintRequested(
                residentId: resident, name: "王\"五/\\", sex: .male, birthDate: Self.date, villageCode: "510623204210",
                benefitType: "basic_pension", monthlyAmountFen: 5_500, firstPaidMonth: "2011-12", bankAccountMasked: card,
                eligibleOn: CivilDate(iso: "2011-11-25")!, eligibilityEventId: Self.id))
        }
        try check(PayoutRequested(residentId: resident, month: "2011-12", amountFen: 5_500, villageCode: "510623204210"))
        try check(BankCardIssued(residentId: resident, cardNumber: "6228000011112222333",
                                 issuedOn: CivilDate(iso: "2011-12-09")!))
        try check(PayoutCompleted(residentId: resident, month: "2011-12", amountFen: 5_500,
                                  batchId: "2011-12-510623204-001"))
        try check(PayoutFailed(residentId: resident, month: "2011-12", amountFen: 5_500,
                               batchId: "2011-12-510623204-001", reasonCode: "closed_account"))
    }

    @Test func anAbsentCardIsLeftOutAndAMonthTooLongIsRefused() throws {
        let certificate = CertificatePrintRequested(
            residentId: "51062319400105011X", name: "王五", sex: .male, birthDate: Self.date,
            villageCode: "510623204210", benefitType: "basic_pension", monthlyAmountFen: 5_500,
            firstPaidMonth: "2011-12", bankAccountMasked: nil, eligibleOn: Self.date, eligibilityEventId: Self.id)
        let text = String(decoding: try EventEnvelope(townshipCode: "510623204", payload: certificate).encodedBytes(),
                          as: UTF8.self)
        #expect(!text.contains("bankAccountMasked"))
        let bad = text.replacingOccurrences(of: "\"2011-12\"", with: "\"2011-12-01\"")
        #expect(throws: EventDecodingError.self) { try WireDecoder.decode(CertificatePrintRequested.self, from: Array(bad.utf8)) }
        #expect(!certificate.description.contains("51062319400105011X") && !certificate.description.contains("王五"))
    }
}
