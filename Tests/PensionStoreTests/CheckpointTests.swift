import Foundation
import GRDB
import Testing

@testable import PensionStore

@Suite struct CheckpointTests {
    private func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    /// With a threshold of 64 frames (256 KiB), the checkpointer copies the log into the database file and the log
    /// starts over, so it stays near the threshold instead of holding everything written.
    @Test func theLogIsCopiedIntoTheDatabaseAndStartsOver() async throws {
        let fixture = try StoreFixture()
        let store = try SQLiteStore.open(path: fixture.path, checkpointAfterFrames: 64)
        for batch in 0..<60 {
            let records = (0..<500).map { person -> RegistrationRecord in
                var record = Sample.registration(person, offset: Int64(batch * 500 + person))
                record.residentId = String(format: "51062319%02d%07d1", batch, person)
                return record
            }
            _ = try await store.applyRegistrations(records, deadLetters: [])
        }
        // The last checkpoint may still be running; the next write starts the log over once it is done.
        let deadline = ContinuousClock.now + .seconds(10)
        while size(fixture.path) < 8_000_000, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        // Without checkpoints the log would hold every page written, about 13 MB, and the database file none.
        #expect(size(fixture.path) > 8_000_000, "the registrations were copied into the database file")
        #expect(size(fixture.path + "-wal") < 6_000_000, "the log started over instead of holding every page written")
        #expect(try await store.rowCounts()["enrollees"] == 30_000)
        try store.close()

        let reopened = try fixture.open()
        #expect(try await reopened.rowCounts()["enrollees"] == 30_000)
    }
}
