import Foundation
import Testing

@testable import PensionDomain

@Suite struct UUIDWireTests {
    private func fastParse(_ text: String) -> UUID? {
        Array(text.utf8).withUnsafeBufferPointer(UUID.init(wireBytes:))
    }

    @Test func formatsAndParsesLikeFoundation() {
        var random = RandomEvents(seed: 11)
        for _ in 0..<2000 {
            let uuid = random.uuid()
            #expect(uuid.wireString == uuid.uuidString)
            #expect(uuid.withWireBytes { Array($0) } == Array(uuid.uuidString.utf8))
            #expect(fastParse(uuid.uuidString) == uuid)
            #expect(fastParse(uuid.uuidString.lowercased()) == uuid)
            #expect(UUID(uuidString: uuid.uuidString.lowercased()) == uuid)
        }
        let zero = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        #expect(zero.wireString == "00000000-0000-0000-0000-000000000000")
    }

    @Test func acceptsOnlyWhatFoundationReadsTheSame() {
        let valid = "6F1C2B7E-3D4A-4F6B-9E1A-2C3D4E5F6A7B"
        var inputs = [
            "", valid.lowercased(), String(valid.dropLast()), valid + "0", " " + valid.dropFirst(),
            "+" + valid.dropFirst(), "0x" + valid.dropFirst(2), "{" + valid + "}",
            valid.replacingOccurrences(of: "-", with: ""), "6F1C2B7E-3D4A-4F6B-9E1A-+C3D4E5F6A7B",
            "6F1C2B7E-3D4A-4F6B-9E1A- C3D4E5F6A7B", "6F1C2B7E-3D4A-4F6B-9E1A-\tC3D4E5F6A7B",
            "６F1C2B7E-3D4A-4F6B-9E1A-2C3D4E5F6A7", "6F1C2B7E-3D4A-4F6B-9E1A-2C3D4E5F6A7\u{0}",
            "6F1C2B7E-3D4A-4F6B-9E1A2-C3D4E5F6A7B", "-6F1C2B7E3D4A-4F6B-9E1A-2C3D4E5F6A7B",
        ]
        let replacements = Array("0 9aAfFgG-+x\t{}.\u{0}".unicodeScalars).map(String.init)
        let characters = Array(valid)
        for offset in characters.indices {
            for replacement in replacements {
                var mutated = characters.map(String.init)
                mutated[offset] = replacement
                inputs.append(mutated.joined())
            }
        }
        var acceptedCount = 0
        for text in inputs {
            let fast = fastParse(text)
            let foundation = UUID(uuidString: text)
            if let fast {
                acceptedCount += 1
                #expect(foundation == fast, "\(text.debugDescription)")
            }
            if foundation == nil {
                #expect(fast == nil, "\(text.debugDescription)")
            }
            let strictForm = text.utf8.count == 36 && text.utf8.enumerated().allSatisfy { index, byte in
                [8, 13, 18, 23].contains(index) ? byte == UInt8(ascii: "-") : byte.isHexDigit
            }
            #expect((fast != nil) == strictForm, "\(text.debugDescription)")
        }
        #expect(acceptedCount > 100)
    }
}

private extension UInt8 {
    var isHexDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
    }
}
