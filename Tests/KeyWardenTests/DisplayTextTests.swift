import Foundation
@testable import KeyWarden
import TestSupport
import Testing

/// The Markdown escaping the audit uses, done on bytes, against the character-by-character escaping
/// it replaced: the same text on seeded random strings of Markdown's special characters, other
/// ASCII, non-ASCII letters, emoji and control characters.
@Suite struct DisplayTextTests {
    static let alphabet: [String] = Array("\\`*_{}[]()<>#+-.!|~& aZ09:/\"'").map(String.init)
        + ["ключ", "é", "中", "🔑", "\u{1B}", "\n", "\t", "\u{202E}", "\u{7F}"]

    static func reference(_ text: String, escaping special: String) -> String {
        var escaped = ""
        for character in DisplayText.terminal(text) {
            if special.contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    static func referenceCode(_ text: String) -> String {
        let safe = DisplayText.terminal(text).replacingOccurrences(of: "|", with: "\\|")
        var longest = 0
        var run = 0
        for character in safe {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let padding = safe.hasPrefix("`") || safe.hasSuffix("`") ? " " : ""
        return fence + padding + safe + padding + fence
    }

    @Test func byteEscapingMatchesTheCharacterEscapingItReplaced() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in Self.alphabet.randomElement(using: &generator)! }.joined()
            #expect(DisplayText.markdown(text) == Self.reference(text, escaping: "\\`*_{}[]()<>#+-.!|~&"), "\(text.debugDescription)")
            #expect(DisplayText.markdownProse(text) == Self.reference(text, escaping: "\\[]<>|!"), "\(text.debugDescription)")
            #expect(AuditMarkdown.code(text) == Self.referenceCode(text), "\(text.debugDescription)")
        }
    }
}
