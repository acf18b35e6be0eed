import Foundation
import Testing

@testable import KeyWarden

/// The reports' JSON writer: whatever it writes, a standard JSON parser reads back as the same values.
@Suite struct JSONValueTests {
    @Test func everyStringSurvivesARoundTripThroughAJSONParser() throws {
        let alphabet: [Unicode.Scalar] =
            (0...0x7F).compactMap(Unicode.Scalar.init) + ["é", "\u{2028}", "\u{2029}", "😀", "\u{FEFF}", "/", "\\", "\""]
        for _ in 0..<300 {
            let length = Int.random(in: 0...40)
            var text = String.UnicodeScalarView()
            for _ in 0..<length { text.append(alphabet.randomElement()!) }
            let value: JSONValue = ["text": .string(String(text)), "list": [.string(String(text)), 1, nil, true]]
            let parsed = try JSONSerialization.jsonObject(with: Data(value.rendered().utf8)) as? [String: Any]
            #expect(parsed?["text"] as? String == String(text), "\(String(text).debugDescription)")
            #expect((parsed?["list"] as? [Any])?.first as? String == String(text))
        }
    }

    @Test func numbersNullsAndLayout() throws {
        let value: JSONValue = [
            "b": 1, "a": [], "c": [:], "d": .number(0.125), "e": .number(3), "f": .number(.nan), "g": JSONValue(nil as String?),
            "h": [false, -7], "path": "a/b",
        ]
        let text = value.rendered()
        #expect(text.hasSuffix("}\n"))
        #expect(text.contains("\"a\" : [],\n  \"b\" : 1,\n  \"c\" : {},\n  \"d\" : 0.125,\n  \"e\" : 3,\n  \"f\" : null,\n  \"g\" : null"))
        #expect(text.contains("\"a/b\""))
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let list = try #require(parsed["h"] as? [Any])
        #expect(list.first as? Bool == false && list.last as? Int == -7)
        #expect(parsed.keys.count == 9)
    }
}
