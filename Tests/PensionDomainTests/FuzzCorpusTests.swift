import Foundation
import PensionDomain
import Testing

/// The fuzzer's seed corpus and its regressions (`Fuzz/corpus`): every input decodes the same on both paths and
/// never traps.
@Suite struct FuzzCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Fuzz")
        .appendingPathComponent("corpus")

    @Test func everyCorpusInputAgrees() throws {
        let files = try FileManager.default.contentsOfDirectory(at: Self.corpus, includingPropertiesForKeys: nil)
        #expect(files.count >= 10)
        for file in files.sorted(by: { $0.lastPathComponent < $1.lastPathComponent }) {
            WireEquivalence.check(Array(try Data(contentsOf: file)))
        }
    }

    @Test func validSeedsDecode() throws {
        func bytes(_ seed: String) throws -> [UInt8] {
            Array(try Data(contentsOf: Self.corpus.appendingPathComponent(seed + ".json")))
        }
        let registrations = [
            "registration", "registration-pretty", "registration-escapes", "registration-old-id",
            "registration-unknown", "registration-big-integer",
        ]
        for seed in registrations {
            #expect(throws: Never.self, "\(seed)") {
                try WireDecoder.decode(RegistrationSubmitted.self, from: bytes(seed))
            }
        }
        #expect(throws: Never.self) { try WireDecoder.decode(IDVerificationRequested.self, from: bytes("request")) }
        #expect(throws: Never.self) { try WireDecoder.decode(IDVerified.self, from: bytes("verified")) }
        #expect(throws: Never.self) { try WireDecoder.decode(IDVerified.self, from: bytes("verified-utc")) }
        #expect(throws: Never.self) { try WireDecoder.decode(IDRejected.self, from: bytes("rejected")) }
    }
}
