import Foundation
@testable import KeyWarden
import Testing

@Suite struct EncodedSignaturesTests {
    /// Each fragment is what Foundation's base64 encoder writes for the bytes at that alignment,
    /// less the characters that depend on the bytes around them.
    @Test func fragmentsAreTheCharactersFoundationsEncoderWritesForTheBytesAlone() {
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 1...40)).map { _ in UInt8.random(in: 0...255) }
            for (padding, fragment) in EncodedSignatures.fragments(of: bytes).enumerated() {
                let encoded = Array(Data([UInt8](repeating: 0, count: padding) + bytes).base64EncodedString().utf8)
                let first = (padding * 8 + 5) / 6
                let end = (padding + bytes.count) * 8 / 6
                #expect(fragment == Array(encoded[first..<max(first, end)]), "\(bytes) at \(padding)")
            }
        }
    }

    /// The order follows the keywords' (a Set's would change from one process to the next, and with
    /// it the compiled database's cache key).
    @Test func markersAreUniqueAndInTheKeywordsOrder() {
        let keywords = ["key_", "Token", "ghp_", "key_", "AKIA", "sk"]
        let markers = EncodedSignatures.markers(forKeywords: keywords)
        #expect(Set(markers).count == markers.count)
        // "key_" is "a2V5Xw==" on its own, "AGtleV8=" after one byte, "AABrZXlf" after two.
        #expect(markers.prefix(3).map { String(decoding: $0, as: UTF8.self) } == ["a2V5X", "tleV", "rZXlf"])
        #expect(String(decoding: markers[3], as: UTF8.self) == "S0VZX")
        // "sk" is too short to leave a fragment of four characters.
        #expect(EncodedSignatures.markers(forKeywords: ["sk"]).isEmpty)
    }
}
