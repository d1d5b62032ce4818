import Foundation
import PensionDomain
import PensionStore
import PensionTestSupport
import Testing

@testable import PensionCertificates

/// Workers in several processes numbering at once (each store has its own connections).
@Suite("Certificate numbers under concurrent workers")
struct ConcurrentNumberTests {
    @Test(
        "four workers numbering one township at once: every number once, no gap, one certificate per pensioner",
        arguments: StoreBackend.allCases)
    func concurrentWorkers(_ backend: StoreBackend) async throws {
        let fixture = try await CertificateFixture(backend)
        let handler = try fixture.handler()
        var workers: [any DriveStore] = [fixture.store]
        for _ in 1..<4 { workers.append(try await fixture.reopen()) }
        // Worker w numbers persons 10w...10w+9, and each worker gets person 99 under an event ID of its own.
        let batches = try (0..<4).map { worker in
            try fixture.batch(handler, (worker * 10..<worker * 10 + 10).map { CertificateFixture.job($0) } + [CertificateFixture.job(99)])
        }
        let results = try await withThrowingTaskGroup(of: [AppliedEvent<CertificateOutcome>].self) { group in
            for (store, batch) in zip(workers, batches) {
                group.addTask { try await store.apply(batch) { _, _, decided in decided } }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let assignments = results.compactMap { if case .applied(let outcome) = $0 { outcome.assignment } else { nil } }
        #expect(assignments.count == 44)
        let new = assignments.filter(\.isNew)
        #expect(Set(new.map(\.number)) == Set((1...41).map { CertificateAssignment.number(township: "510623100", sequence: $0) }))
        #expect(new.count == 41, "person 99 numbered once")
        #expect(Set(assignments.filter { !$0.isNew }.map(\.number)).count == 1)
        #expect(Set(new.map { "\($0.file)#\($0.page)" }).count == 41, "every page once")
        #expect(try await fixture.integer("SELECT COUNT(*) FROM certificates") == 41)
        #expect(try await fixture.integer("SELECT last_sequence FROM certificate_sequences") == 41)
        for store in workers.dropFirst() { try await store.close() }
    }
}
