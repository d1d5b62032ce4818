import PensionTestSupport
import Testing

@testable import PensionStore

@Suite struct HouseholdRegisterStoreTests {
    @Test(arguments: StoreBackend.allCases) func loadedMembersCanBeLookedUpAndUpdated(_ backend: StoreBackend) async throws {
        let fixture = try StoreFixture(backend)
        let store = try await fixture.store()
        let one = HouseholdMember(householdNumber: "H1", residentId: Sample.residentID(1), name: "王五")
        let two = HouseholdMember(householdNumber: "H1", residentId: Sample.residentID(2), name: "王六")
        try await store.loadHouseholdRegister([one, two])
        try await store.loadHouseholdRegister([
            HouseholdMember(householdNumber: "H2", residentId: Sample.residentID(2), name: "王六六")
        ])

        let found = try await store.householdMembers(
            residentIds: [Sample.residentID(1), Sample.residentID(2), Sample.residentID(3), Sample.residentID(1)])

        #expect(found.count == 2)
        #expect(found[Sample.residentID(1)] == one)
        #expect(found[Sample.residentID(2)] == HouseholdMember(
            householdNumber: "H2", residentId: Sample.residentID(2), name: "王六六"))
        #expect(found[Sample.residentID(3)] == nil)
    }
}
