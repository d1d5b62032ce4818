import Foundation
import Testing

@testable import PensionDomain

/// Checks that the fast decoding path agrees with the Foundation-only path, and that the public API gives what the
/// Foundation-only path gives.
enum WireEquivalence {
    /// Runs the checks for `bytes` as every payload type and as a header.
    ///
    /// - Returns: what the fast path read: the event types it decoded, and `header` if it read the header.
    @discardableResult
    static func check(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Set<String> {
        var read: Set<String> = []
        if checkHeader(bytes, sourceLocation: sourceLocation) {
            read.insert("header")
        }
        if check(RegistrationSubmitted.self, bytes, sourceLocation: sourceLocation) {
            read.insert(RegistrationSubmitted.eventType)
        }
        if check(IDVerificationRequested.self, bytes, sourceLocation: sourceLocation) {
            read.insert(IDVerificationRequested.eventType)
        }
        if check(IDVerified.self, bytes, sourceLocation: sourceLocation) {
            read.insert(IDVerified.eventType)
        }
        if check(IDRejected.self, bytes, sourceLocation: sourceLocation) {
            read.insert(IDRejected.eventType)
        }
        return read
    }

    /// Checks decoding `bytes` as `P`; returns whether the fast path read it.
    @discardableResult
    static func check<P: EventPayload & Equatable>(
        _ type: P.Type,
        _ bytes: [UInt8],
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Bool {
        let data = Data(bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        let fast = bytes.withUnsafeBufferPointer { WireDecoder.fastDecode(P.self, from: $0) }
        let foundation = result { () throws(EventDecodingError) in
            try WireDecoder.foundationDecode(P.self, from: data)
        }
        if let fast {
            #expect(foundation == .success(fast), "\(P.self) \(text)", sourceLocation: sourceLocation)
        }
        let fromData = result { () throws(EventDecodingError) in try WireDecoder.decode(P.self, from: data) }
        let fromBytes = result { () throws(EventDecodingError) in try WireDecoder.decode(P.self, from: bytes) }
        #expect(fromData == foundation, "\(P.self) \(text)", sourceLocation: sourceLocation)
        #expect(fromBytes == foundation, "\(P.self) \(text)", sourceLocation: sourceLocation)
        return fast != nil
    }

    /// Checks reading the header of `bytes`; returns whether the fast path read it.
    @discardableResult
    static func checkHeader(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let data = Data(bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        let fast = bytes.withUnsafeBufferPointer { WireDecoder.fastHeader(of: $0) }
        let foundation = result { () throws(EventDecodingError) in try WireDecoder.foundationHeader(of: data) }
        if let fast {
            #expect(foundation == .success(fast), "header \(text)", sourceLocation: sourceLocation)
        }
        let fromData = result { () throws(EventDecodingError) in try WireDecoder.header(of: data) }
        let fromBytes = result { () throws(EventDecodingError) in try WireDecoder.header(of: bytes) }
        #expect(fromData == foundation, "header \(text)", sourceLocation: sourceLocation)
        #expect(fromBytes == foundation, "header \(text)", sourceLocation: sourceLocation)
        return fast != nil
    }

    private static func result<T>(_ body: () throws(EventDecodingError) -> T) -> Result<T, EventDecodingError> {
        do {
            return .success(try body())
        } catch {
            return .failure(error)
        }
    }
}

/// The envelope as the module wrote it before the fast writer: Foundation's `JSONEncoder` with sorted keys.
enum ReferenceEncoder {
    private struct Wire<Payload: Encodable>: Encodable {
        let eventId: UUID
        let type: String
        let schemaVersion: Int
        let occurredAt: String
        let townshipCode: String
        let payload: Payload
    }

    static func encoded<P: EventPayload>(_ envelope: EventEnvelope<P>) throws -> Data {
        let wire = Wire(
            eventId: envelope.eventId,
            type: P.eventType,
            schemaVersion: P.schemaVersion,
            occurredAt: ReferenceTimestamp.format(envelope.occurredAt),
            townshipCode: envelope.townshipCode,
            payload: envelope.payload
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(wire)
    }
}

/// `WireTimestamp` as it was before it worked on bytes, kept to check the new one against.
enum ReferenceTimestamp {
    static func format(_ date: Date) -> String {
        let millisecondsUTC = Int((date.timeIntervalSince1970 * 1000).rounded())
        let local = millisecondsUTC + 8 * 3600 * 1000
        let dayMilliseconds = 86_400_000
        let days = local >= 0 ? local / dayMilliseconds : (local - dayMilliseconds + 1) / dayMilliseconds
        let ofDay = local - days * dayMilliseconds
        let day = CivilDate(daysSince1970: days).map { pad($0.year, 4) + "-" + pad($0.month, 2) + "-" + pad($0.day, 2) }
            ?? "0000-00-00"
        let seconds = ofDay / 1000
        var text = day + "T" + pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
        if ofDay % 1000 != 0 {
            text += "." + pad(ofDay % 1000, 3)
        }
        return text + "+08:00"
    }

    /// `value` left-padded with zeros to `width` digits, as the old `Digits.padded` did.
    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[10] == UInt8(ascii: "T"), bytes[13] == colon, bytes[16] == colon,
            let date = referenceDate(String(decoding: bytes[0..<10], as: UTF8.self)),
            let hour = Digits.number(bytes[11..<13]), hour < 24,
            let minute = Digits.number(bytes[14..<16]), minute < 60,
            let second = Digits.number(bytes[17..<19]), second < 60
        else { return nil }
        var index = 19
        var fraction = 0.0
        if bytes[index] == UInt8(ascii: ".") {
            let start = index + 1
            index = start
            while index < bytes.count, Digits.isDigit(bytes[index]) {
                index += 1
            }
            let digits = String(decoding: bytes[start..<index], as: UTF8.self)
            guard (1...9).contains(digits.count), let value = Double("0." + digits) else { return nil }
            fraction = value
        }
        guard let offset = parseOffset(bytes[index...]) else { return nil }
        let seconds = date.daysSince1970 * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// `CivilDate(iso:)` as it was.
    static func referenceDate(_ iso: String) -> CivilDate? {
        let bytes = Array(iso.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        guard let year = Digits.number(bytes[0..<4]),
            let month = Digits.number(bytes[5..<7]),
            let day = Digits.number(bytes[8..<10])
        else { return nil }
        return CivilDate(year: year, month: month, day: day)
    }

    private static let colon = UInt8(ascii: ":")

    private static func parseOffset(_ bytes: ArraySlice<UInt8>) -> Int? {
        let bytes = Array(bytes)
        if bytes == [UInt8(ascii: "Z")] {
            return 0
        }
        guard bytes.count == 6, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-"), bytes[3] == colon,
            let hours = Digits.number(bytes[1..<3]), hours <= 23,
            let minutes = Digits.number(bytes[4..<6]), minutes <= 59
        else { return nil }
        let magnitude = hours * 3600 + minutes * 60
        return bytes[0] == UInt8(ascii: "+") ? magnitude : -magnitude
    }
}
