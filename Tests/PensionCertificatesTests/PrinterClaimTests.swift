import Foundation
import PensionDomain
import PensionStore
import PensionTestSupport
import Testing

@testable import PensionCertificates

/// Several workers on one store see the same pending runs: a run is sent to the printer by one of them only.
@Suite("Sending runs to the printer once", .serialized)
struct PrinterClaimTests {
    /// A stand-in for `lp` that records each call in `log` and answers like CUPS.
    static func fakeLP(in directory: URL) throws -> (lp: String, log: URL) {
        let log = directory.appendingPathComponent("lp.log")
        let script = directory.appendingPathComponent("lp")
        try """
            #!/bin/sh
            echo "$*" >> '\(log.path)'
            sleep 0.2
            echo "request id is fake-$(wc -l < '\(log.path)' | tr -d ' ') (1 file(s))"
            """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return (script.path, log)
    }

    func sends(_ log: URL) -> [String] {
        ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test(
        "two spools finishing the same store at once: each run is sent once, its job ID recorded",
        arguments: StoreBackend.allCases)
    func concurrentFinish(_ backend: StoreBackend) async throws {
        let fixture = try await CertificateFixture(backend)
        let handler = try fixture.handler()  // no printer: renders only
        let villages = ["510623100201", "510623100202", "510623101203"]
        _ = try await handler.apply(try fixture.batch(handler, (0..<9).map { CertificateFixture.job($0, village: villages[$0 % 3]) }))
        let (lp, log) = try Self.fakeLP(in: fixture.directory)
        let spool = fixture.spool(printer: CUPSPrinter(name: "fake", lpPath: lp))
        let other = try await fixture.reopen()  // as a worker in another process
        async let first = spool.finishPending(in: fixture.store)
        async let second = spool.finishPending(in: other)
        _ = try await (first, second)
        #expect(sends(log).count == 3, "\(sends(log))")
        #expect(Set(sends(log)).count == 3, "three different runs")
        #expect(try await fixture.integer("SELECT COUNT(*) FROM print_runs WHERE status = 'sent'") == 3)
        #expect(try await fixture.integer("SELECT COUNT(*) FROM print_runs WHERE cups_job LIKE 'fake-%'") == 3)
        // Nothing left to send.
        _ = try await spool.finishPending(in: fixture.store)
        #expect(sends(log).count == 3)
        try await other.close()
    }

    @Test(
        "a claim whose process died before recording the job is taken over once it is stale",
        arguments: StoreBackend.allCases)
    func staleClaim(_ backend: StoreBackend) async throws {
        let fixture = try await CertificateFixture(backend)
        let handler = try fixture.handler()
        _ = try await handler.apply(try fixture.batch(handler, [CertificateFixture.job(1)]))
        let run = try #require(try await fixture.store.pendingRuns(includingRendered: true).first)
        // A process claims the run and dies before sending.
        #expect(try await fixture.store.claimForSending(run: run.id, printer: "fake", at: Date(), staleClaimsBefore: Date().addingTimeInterval(-120)))
        let (lp, log) = try Self.fakeLP(in: fixture.directory)
        var spool = fixture.spool(printer: CUPSPrinter(name: "fake", lpPath: lp))
        _ = try await spool.finishPending(in: fixture.store)
        #expect(sends(log).isEmpty, "a fresh claim is respected")
        spool.claimTimeout = .zero
        try await Task.sleep(for: .milliseconds(5))
        _ = try await spool.finishPending(in: fixture.store)
        #expect(sends(log).count == 1, "the stale claim is taken over and the run sent")
        #expect(try await fixture.store.certificateStatus().first?.sent == 1)
    }
}
