import Foundation
import Testing

@testable import PensionDomain

@Suite struct WireFieldsParserTests {
    /// What the parser reads from `text`, as `key=value` lines with nested objects flattened as `outer.key`.
    private func read(_ text: String) -> [String]? {
        read(Array(text.utf8))
    }

    private func read(_ bytes: [UInt8]) -> [String]? {
        bytes.withUnsafeBufferPointer { buffer -> [String]? in
            guard let fields = WireFieldsParser.parse(buffer) else { return nil }
            return describe(fields, prefix: "")
        }
    }

    private func describe(_ fields: WireFields, prefix: String) -> [String] {
        fields.fields[fields.range].flatMap { field -> [String] in
            let key = prefix + String(decoding: UnsafeBufferPointer(rebasing: fields.bytes[field.key]), as: UTF8.self)
            switch field.value {
            case .string(let range):
                let text = String(decoding: UnsafeBufferPointer(rebasing: fields.bytes[range]), as: UTF8.self)
                return ["\(key)=\"\(text)\""]
            case .integer(let number):
                return ["\(key)=\(number)"]
            case .null:
                return ["\(key)=null"]
            case .object(let range):
                let inner = WireFields(bytes: fields.bytes, fields: fields.nested, range: range, nested: [])
                return ["\(key)={}"] + describe(inner, prefix: key + ".")
            }
        }
    }

    @Test func readsTheSimpleForm() {
        #expect(read("{}") == [])
        #expect(read(" \t\r\n{ \t\r\n} \t\r\n") == [])
        #expect(read(#"{"a":"x","b":0,"c":null,"d":{}}"#) == [#"a="x""#, "b=0", "c=null", "d={}"])
        #expect(read(#"{ "a" : 123456789012345678 , "o" : { "k" : "张三丰😀" , "n" : null } , "z" : "" }"#) == [
            "a=123456789012345678", "o={}", #"o.k="张三丰😀""#, "o.n=null", #"z="""#,
        ])
        #expect(read("{\"a\":\"\u{7F}\u{FFFE}\u{10FFFF}/\"}") == ["a=\"\u{7F}\u{FFFE}\u{10FFFF}/\""])
        #expect(read(#"{"a":{"x":1},"b":{"x":2}}"#) == ["a={}", "a.x=1", "b={}", "b.x=2"])
        #expect(read(#"{"a":1,"A":2}"#) == ["a=1", "A=2"])
        #expect(read("{\"\u{7F} ~\":1}") == ["\u{7F} ~=1"])
        #expect(read(#"{"long key with 8+ bytes":"and a long value, past eight bytes","k":"张三丰 and more text"}"#) == [
            #"long key with 8+ bytes="and a long value, past eight bytes""#, #"k="张三丰 and more text""#,
        ])
    }

    @Test(arguments: [
        "", " ", "{", "}", "[]", "[{}]", "\"a\"", "1", "null", "{} {}", "{}x", "{},", "{\"a\":1,}", "{,}",
        "{\"a\"}", "{\"a\":}", "{\"a\" 1}", "{a:1}", "{'a':1}", "{\"a\":1 \"b\":2}", "{\"a\":\"x}", "{\"a\":1",
        "{\"a\":\"\\n\"}", "{\"a\":\"\\\"\"}", "{\"a\":\"\\u0041\"}", "{\"a\\u0041\":1}", "{\"a\":\"\t\"}",
        "{\"a\":\"\n\"}", "{\"a\":1.0}", "{\"a\":1e2}", "{\"a\":1E2}", "{\"a\":-1}", "{\"a\":-0}", "{\"a\":01}",
        "{\"a\":00}", "{\"a\":1234567890123456789}", "{\"a\":9999999999999999999}", "{\"a\":+1}", "{\"a\":true}",
        "{\"a\":false}", "{\"a\":nul}",
        "{\"a\":nulll}", "{\"a\":NULL}", "{\"a\":[]}", "{\"a\":[1]}", "{\"a\":{\"b\":{}}}", "{\"a\":{\"b\":[]}}",
        "{\"a\":1,\"a\":1}", "{\"a\":1,\"a\":\"x\"}", "{\"o\":{\"a\":1,\"a\":2}}", "{\"张\":1}", "\u{FEFF}{}",
        "{\u{0B}}", "{\u{0C}}", "{\u{A0}}", "{\"a\":\"x\"}\u{0}", "{\"a\":NaN}", "{\"a\":Infinity}", "{/**/}",
    ])
    func rejects(_ text: String) {
        #expect(read(text) == nil)
    }

    @Test func refusesWhatIsOverTheLimits() {
        let key = String(repeating: "k", count: WireLimits.maxKeyBytes)
        #expect(read("{\"\(key)\":1}") != nil)
        #expect(read("{\"\(key)k\":1}") == nil)
        let value = String(repeating: "v", count: WireLimits.maxValueBytes - 2)
        #expect(read("{\"a\":\"\(value)\"}") != nil)
        #expect(read("{\"a\":\"\(value)v\"}") == nil)
        #expect(read("{\"o\":{\"a\":\"\(value.dropLast(6))\"}}") != nil)
        #expect(read("{\"o\":{\"a\":\"\(value.dropLast(5))\"}}") == nil)
        #expect(read("{\"payload\":{\"a\":\"\(value)\",\"b\":1}}") != nil)
        let fields = (0..<WireLimits.maxFields).map { "\"f\($0)\":null" }
        #expect(read("{" + fields.joined(separator: ",") + "}")?.count == WireLimits.maxFields)
        #expect(read("{" + fields.joined(separator: ",") + ",\"x\":1}") == nil)
        #expect(read("{\"o\":{" + fields.joined(separator: ",") + "}}") == nil)
        let padded = "{}" + String(repeating: " ", count: WireLimits.maxMessageBytes - 2)
        #expect(read(padded) == [])
        #expect(read(padded + " ") == nil)
    }

    @Test func findsSpecialBytesAtEveryPositionOfALongString() {
        // Plain ASCII is skipped eight bytes at a time; a special byte anywhere must stop the skip.
        for position in 0..<24 {
            for byte: UInt8 in [0x00, 0x01, 0x1F, 0x5C, 0x80, 0xBF, 0xFF] {
                var value = Array(repeating: UInt8(ascii: "a"), count: 24)
                value[position] = byte
                #expect(read(Array(#"{"k":""#.utf8) + value + Array(#""}"#.utf8)) == nil, "\(byte) at \(position)")
                #expect(read(Array(#"{""#.utf8) + value + Array(#"":1}"#.utf8)) == nil, "\(byte) at \(position)")
            }
            for byte: UInt8 in [0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7E, 0x7F] {
                var value = Array(repeating: UInt8(ascii: "a"), count: 24)
                value[position] = byte
                let text = String(decoding: value, as: UTF8.self)
                #expect(read(Array(#"{"k":""#.utf8) + value + Array(#""}"#.utf8)) == ["k=\"\(text)\""])
                #expect(read(Array(#"{""#.utf8) + value + Array(#"":1}"#.utf8)) == ["\(text)=1"])
            }
            var quoted = Array(repeating: UInt8(ascii: "a"), count: 24)
            quoted[position] = UInt8(ascii: "\"")
            let text = String(decoding: quoted[..<position], as: UTF8.self)
            #expect(read(Array(#"{"k":""#.utf8) + quoted + Array(#""}"#.utf8)) == nil)
            #expect(read(Array(#"{"k":""#.utf8) + quoted[...position] + Array("}".utf8)) == ["k=\"\(text)\""])
        }
    }

    @Test func rejectsInvalidUTF8() {
        let sequences: [[UInt8]] = [
            [0x80], [0xBF], [0xC0, 0xAF], [0xC1, 0xBF], [0xC2], [0xC2, 0x41], [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF],
            [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xE4, 0xB8], [0xF0, 0x80, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF],
            [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFE], [0xFF],
            [0xF0, 0x9F, 0x98], [0xE4, 0xB8, 0x41],
        ]
        for sequence in sequences {
            let bytes = Array(#"{"a":""#.utf8) + sequence + Array(#""}"#.utf8)
            #expect(read(bytes) == nil, "\(sequence)")
            #expect(read(Array(#"{"a":""#.utf8) + sequence) == nil, "\(sequence)")
        }
        let valid: [[UInt8]] = [
            [0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80],
            [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],
        ]
        for sequence in valid {
            let bytes = Array(#"{"a":""#.utf8) + sequence + Array(#""}"#.utf8)
            #expect(read(bytes) == ["a=\"\(String(decoding: sequence, as: UTF8.self))\""], "\(sequence)")
        }
    }

    @Test func lookupDistinguishesAbsentNullAndWrongType() throws {
        let text = #"{"s":"x","n":null,"i":5,"o":{"u":"6f1c2b7e-3d4a-4f6b-9e1a-2c3d4e5f6a7b","d":"1951-03-12","#
            + #""sex":"female"}}"#
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBufferPointer { buffer in
            let fields = try #require(WireFieldsParser.parse(buffer))
            #expect(fields.string("s") == "x")
            #expect(fields.string("n") == nil)
            #expect(fields.string("i") == nil)
            #expect(fields.string("missing") == nil)
            #expect(fields.optionalString("s") == .some("x"))
            #expect(fields.optionalString("n") == .some(nil))
            #expect(fields.optionalString("missing") == .some(nil))
            #expect(fields.optionalString("i") == nil)
            #expect(fields.optionalString("o") == nil)
            #expect(fields.integer("i") == 5)
            #expect(fields.integer("s") == nil)
            #expect(fields.integer("n") == nil)
            let inner = try #require(fields.object("o"))
            #expect(fields.object("s") == nil)
            #expect(inner.uuid("u") == UUID(uuidString: "6F1C2B7E-3D4A-4F6B-9E1A-2C3D4E5F6A7B"))
            #expect(inner.uuid("d") == nil)
            #expect(inner.civilDate("d") == CivilDate(year: 1951, month: 3, day: 12))
            #expect(inner.civilDate("u") == nil)
            #expect(inner.sex("sex") == .female)
            #expect(inner.sex("d") == nil)
            #expect(inner.string("s") == nil)
        }
    }
}
