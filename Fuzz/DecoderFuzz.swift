import Foundation

// A libFuzzer target for the wire decoder, compiled into the PensionDomain module (see scripts/fuzz.sh) so it can
// compare the fast path with the Foundation path. Any disagreement, broken limit or leaked value is a crash.

/// Runs the decoders on one input; crashes on any broken invariant.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: size == 0 ? nil : data, count: size))
    FuzzChecks.header(bytes)
    FuzzChecks.event(RegistrationSubmitted.self, bytes) { form in
        FuzzChecks.residentID(form.residentId)
        for text in [form.name, form.householdNumber, form.ethnicity ?? "", form.bankAccount ?? ""] {
            _ = Masking.name(text)
        }
    }
    FuzzChecks.event(IDVerificationRequested.self, bytes) { FuzzChecks.residentID($0.residentId) }
    FuzzChecks.event(IDVerified.self, bytes) { FuzzChecks.residentID($0.residentId) }
    FuzzChecks.event(IDRejected.self, bytes) { FuzzChecks.residentID($0.residentId) }
    return 0
}

enum FuzzChecks {
    static let policy = IDVerificationPolicy(
        referenceDate: CivilDate(year: 2011, month: 11, day: 18)!,
        acceptedDivisionCodes: ["510623", "510603", "510681"]
    )

    static func header(_ bytes: [UInt8]) {
        let fast = bytes.withUnsafeBufferPointer { WireDecoder.fastHeader(of: $0) }
        let slow = result { () throws(EventDecodingError) in try WireDecoder.foundationHeader(of: Data(bytes)) }
        let public1 = result { () throws(EventDecodingError) in try WireDecoder.header(of: bytes) }
        let public2 = result { () throws(EventDecodingError) in try WireDecoder.header(of: Data(bytes)) }
        if let fast, slow != .success(fast) {
            fatalError("fast and Foundation headers differ")
        }
        guard public1 == slow, public2 == slow else { fatalError("public header differs from Foundation") }
        check(slow, bytes)
    }

    static func event<P: EventPayload & Equatable>(_ type: P.Type, _ bytes: [UInt8], validate: (P) -> Void) {
        let fast = bytes.withUnsafeBufferPointer { WireDecoder.fastDecode(P.self, from: $0) }
        let slow = result { () throws(EventDecodingError) in
            try WireDecoder.foundationDecode(P.self, from: Data(bytes))
        }
        let public1 = result { () throws(EventDecodingError) in try WireDecoder.decode(P.self, from: bytes) }
        let public2 = result { () throws(EventDecodingError) in try WireDecoder.decode(P.self, from: Data(bytes)) }
        if let fast, slow != .success(fast) {
            fatalError("fast and Foundation \(P.self) differ")
        }
        guard public1 == slow, public2 == slow else { fatalError("public \(P.self) differs from Foundation") }
        check(slow, bytes)
        guard case .success(let event) = slow else { return }
        validate(event.payload)
        // What was read is written again and read back to the same payload.
        guard let written = try? event.encodedBytes() else { fatalError("a decoded \(P.self) cannot be written") }
        guard (try? WireDecoder.decode(P.self, from: written))?.payload == event.payload else {
            fatalError("\(P.self) does not survive writing and reading")
        }
    }

    static func residentID(_ raw: String) {
        _ = MessageKey.resident(raw)
        _ = Masking.residentID(raw)
        _ = policy.decide(residentId: raw, householdNumber: "510623-0012345", registeredHouseholdNumber: "510623-1")
        if let id = try? ResidentID.parse(raw) {
            guard (try? ResidentID.parse(id.value)) == id else { fatalError("a parsed resident ID does not parse") }
        }
    }

    /// The size limit holds for what was read, and error messages never quote an ID-like or non-ASCII string of the
    /// message (field paths may name keys; messages name nothing from the input).
    private static func check<T>(_ outcome: Result<T, EventDecodingError>, _ bytes: [UInt8]) {
        switch outcome {
        case .success:
            guard bytes.count <= WireLimits.maxMessageBytes else { fatalError("an oversized message was read") }
        case .failure(let error):
            for piece in personalLookingStrings(bytes) where error.message.contains(piece) {
                fatalError("an error message quotes a value")
            }
        }
    }

    /// The quoted strings of the message with six digits in a row or a non-ASCII character.
    private static func personalLookingStrings(_ bytes: [UInt8]) -> [String] {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.split(separator: "\"", omittingEmptySubsequences: false).enumerated().compactMap { index, piece in
            guard index % 2 == 1 else { return nil }
            var run = 0
            var longest = 0
            for byte in piece.utf8 {
                run = Digits.isDigit(byte) ? run + 1 : 0
                longest = max(longest, run)
            }
            return longest >= 6 || piece.utf8.contains { $0 >= 0x80 } ? String(piece) : nil
        }
    }

    private static func result<T>(_ body: () throws(EventDecodingError) -> T) -> Result<T, EventDecodingError> {
        do {
            return .success(try body())
        } catch {
            return .failure(error)
        }
    }
}
