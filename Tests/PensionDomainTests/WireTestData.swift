import Foundation
import PensionDomain

/// Deterministic random events for the wire equivalence tests.
struct RandomEvents {
    /// Text that JSON writes as is: ASCII, `/`, DEL, Chinese, emoji, combining marks, noncharacters.
    static let plainPieces = [
        "张三丰", "李四", "汉族", "维吾尔族", "欧阳娜娜", "a", "Z", "0", "9", " ", "/", "x", "K", "\u{212A}",
        "~", "\u{7F}", "\u{80}", "\u{2028}", "\u{2029}", "\u{FEFF}", "😀", "👨‍👩‍👧", "🇨🇳", "e\u{301}", "é",
        "Ω", "\u{FFFE}", "\u{10FFFF}", "𠀋",
    ]
    /// Text that JSON must escape: quotes, backslashes and every control character.
    static let escapedPieces = ["\"", "\\", "\\u0041", "\n", "\r", "\t"] + (0..<0x20).map { String(UnicodeScalar($0)) }

    var generator: SplitMix64

    init(seed: UInt64) {
        generator = SplitMix64(seed: seed)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &generator)
    }

    mutating func chance(_ percent: Int) -> Bool {
        int(0...99) < percent
    }

    /// A string of 0 to 6 pieces; with `escapes`, sometimes pieces that JSON must escape.
    mutating func text(escapes: Bool) -> String {
        var text = ""
        for _ in 0..<int(0...6) {
            if escapes && chance(15) {
                text += Self.escapedPieces[int(0...Self.escapedPieces.count - 1)]
            } else {
                text += Self.plainPieces[int(0...Self.plainPieces.count - 1)]
            }
        }
        return text
    }

    mutating func digits(_ count: Int) -> String {
        String((0..<count).map { _ in Character(String(int(0...9))) })
    }

    mutating func uuid() -> UUID {
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        if chance(10) {
            bytes = Array(repeating: chance(50) ? 0 : 0xFF, count: 16)
        }
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// Mostly 1900 to 2100, sometimes whole milliseconds, sometimes finer; now and then outside years 1...9999.
    mutating func date() -> Date {
        let milliseconds = chance(5)
            ? int(-70_000_000_000_000...260_000_000_000_000) : int(-2_208_988_800_000...4_102_444_800_000)
        switch int(0...3) {
        case 0: return Date(timeIntervalSince1970: Double(milliseconds / 1000))
        case 1: return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        case 2: return Date(timeIntervalSince1970: Double(milliseconds) / 1000 + Double(int(0...999)) / 1_000_000)
        default: return Date(timeIntervalSince1970: Double(milliseconds) / 1000 + 0.0005)
        }
    }

    mutating func sex() -> Sex {
        chance(50) ? .male : .female
    }

    mutating func tier() -> Int {
        switch int(0...9) {
        case 0: Int.max
        case 1: Int.min
        case 2: -int(1...1000)
        case 3: 0
        default: [100, 200, 300, 400, 500, 1000, 1500, 2000][int(0...7)]
        }
    }

    mutating func registration(escapes: Bool) -> RegistrationSubmitted {
        RegistrationSubmitted(
            residentId: chance(80) ? "510623" + digits(12) : text(escapes: escapes),
            name: text(escapes: escapes),
            sex: sex(),
            ethnicity: chance(50) ? text(escapes: escapes) : nil,
            householdNumber: text(escapes: escapes),
            villageCode: "510623" + digits(6),
            contributionTierYuan: tier(),
            phone: chance(50) ? "138" + digits(8) : nil,
            bankAccount: chance(50) ? text(escapes: escapes) : nil,
            stationId: chance(50) ? text(escapes: escapes) : nil
        )
    }

    mutating func request(escapes: Bool) -> IDVerificationRequested {
        IDVerificationRequested(
            residentId: text(escapes: escapes),
            householdNumber: text(escapes: escapes),
            villageCode: text(escapes: escapes),
            registrationEventId: uuid()
        )
    }

    mutating func verified(escapes: Bool) -> IDVerified {
        IDVerified(
            residentId: text(escapes: escapes),
            birthDate: CivilDate(year: int(1...9999), month: int(1...12), day: int(1...28))!,
            sex: sex(),
            villageCode: text(escapes: escapes),
            requestEventId: uuid()
        )
    }

    mutating func rejected(escapes: Bool) -> IDRejected {
        IDRejected(
            residentId: text(escapes: escapes),
            reasonCode: text(escapes: escapes),
            villageCode: text(escapes: escapes),
            requestEventId: uuid()
        )
    }

    mutating func envelope<P: EventPayload>(_ payload: P) -> EventEnvelope<P> {
        EventEnvelope(eventId: uuid(), occurredAt: date(), townshipCode: "510623" + digits(3), payload: payload)
    }
}

/// A JSON message written by hand: scalars as raw JSON text, objects as fields in a chosen order.
indirect enum HandJSON {
    case raw(String)
    case object([(key: String, value: HandJSON)])

    /// A string value; `text` goes between the quotes as written, so it may hold escapes.
    static func string(_ text: String) -> HandJSON {
        .raw("\"" + text + "\"")
    }

    /// The JSON text, with `space` around every token.
    func text(_ space: String = "") -> String {
        switch self {
        case .raw(let text):
            return text
        case .object(let fields):
            let inner = fields.map { "\"\($0.key)\"" + space + ":" + space + $0.value.text(space) }
            return "{" + space + inner.joined(separator: space + "," + space) + space + "}"
        }
    }

    func bytes(_ space: String = "") -> [UInt8] {
        Array(text(space).utf8)
    }

    /// The value of `key` in an object; setting `nil` removes the key, setting a new key appends it.
    subscript(key: String) -> HandJSON? {
        get {
            guard case .object(let fields) = self else { return nil }
            return fields.first { $0.key == key }?.value
        }
        set {
            guard case .object(var fields) = self else { return }
            let index = fields.firstIndex { $0.key == key }
            switch (index, newValue) {
            case (let index?, let value?): fields[index].value = value
            case (let index?, nil): fields.remove(at: index)
            case (nil, let value?): fields.append((key, value))
            case (nil, nil): break
            }
            self = .object(fields)
        }
    }

    /// Appends a field even if the key is already there.
    func appending(_ key: String, _ value: HandJSON) -> HandJSON {
        guard case .object(let fields) = self else { return self }
        return .object(fields + [(key, value)])
    }

    /// The fields in reverse order.
    var reversed: HandJSON {
        guard case .object(let fields) = self else { return self }
        return .object(fields.reversed())
    }

    /// The documented sample registration, with the envelope fields first and the payload in its wire order.
    static let registration: HandJSON = .object([
        ("eventId", .string("6F1C2B7E-3D4A-4F6B-9E1A-2C3D4E5F6A7B")),
        ("type", .string("registration.submitted")),
        ("schemaVersion", .raw("1")),
        ("occurredAt", .string("2011-11-20T09:30:00+08:00")),
        ("townshipCode", .string("510623100")),
        (
            "payload",
            .object([
                ("bankAccount", .string("6228480000000000000")),
                ("contributionTierYuan", .raw("100")),
                ("ethnicity", .string("汉族")),
                ("householdNumber", .string("510623-0012345")),
                ("name", .string("张三丰")),
                ("phone", .string("13800000000")),
                ("residentId", .string("510623195103121236")),
                ("sex", .string("male")),
                ("stationId", .string("kaijiang-01")),
                ("villageCode", .string("510623100201")),
            ])
        ),
    ])

    /// A verification result with the same envelope.
    static let verified: HandJSON = {
        var json = registration
        json["type"] = .string("id.verified")
        json["payload"] = .object([
            ("birthDate", .string("1951-03-12")),
            ("requestEventId", .string("0B8E4A52-71C9-4D0E-8F3A-5A6B7C8D9E0F")),
            ("residentId", .string("510623195103121236")),
            ("sex", .string("male")),
            ("villageCode", .string("510623100201")),
        ])
        return json
    }()

    /// A verification request with the same envelope.
    static let request: HandJSON = {
        var json = registration
        json["type"] = .string("id.verification.requested")
        json["payload"] = .object([
            ("householdNumber", .string("510623-0012345")),
            ("registrationEventId", .string("0B8E4A52-71C9-4D0E-8F3A-5A6B7C8D9E0F")),
            ("residentId", .string("510623195103121236")),
            ("villageCode", .string("510623100201")),
        ])
        return json
    }()

    /// A rejection with the same envelope.
    static let rejected: HandJSON = {
        var json = registration
        json["type"] = .string("id.rejected")
        json["payload"] = .object([
            ("reasonCode", .string("bad_length")),
            ("requestEventId", .string("0B8E4A52-71C9-4D0E-8F3A-5A6B7C8D9E0F")),
            ("residentId", .string("51062319510312123")),
            ("villageCode", .string("510623100201")),
        ])
        return json
    }()

    static let all: [HandJSON] = [registration, request, verified, rejected]
}
