import Foundation
import Testing

@testable import PensionWorkers

/// Derived event ids must never change: a batch replayed after an upgrade has to produce the same follow-ups.
/// The expected values come from an independent Python version of the derivation.
@Suite struct EventIDsTests {
    @Test(arguments: [
        ("851D7DCB-5851-49BC-AB72-1122A54E3B55", "id.verification.requested", "CB94FDA0-08C7-89A4-B58B-D08E808A4EDF"),
        ("00000000-0000-0000-0000-000000000000", "id.verified", "8EE6F6F2-5E8F-8C1E-9D96-4A784C95CAF5"),
        ("FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF", "id.rejected", "E69879A8-62DA-88B4-B407-F7F60F068F77"),
    ])
    func derivedIDsAreStable(source: String, purpose: String, expected: String) throws {
        let derived = EventIDs.derived(from: try #require(UUID(uuidString: source)), purpose)
        #expect(derived.uuidString == expected)
    }

    @Test func differentPurposesGiveDifferentIDs() throws {
        let source = try #require(UUID(uuidString: "851D7DCB-5851-49BC-AB72-1122A54E3B55"))
        #expect(EventIDs.derived(from: source, "id.verified") != EventIDs.derived(from: source, "id.rejected"))
    }
}
