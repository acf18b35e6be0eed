/// Text that quotes what a repository or a user wrote — a path, an author's name, a note, a parse
/// error — made safe to show: a scanned repository is untrusted input, and so is its output.
package enum DisplayText {
    /// `text` with control characters written as escapes (`\x1b`, `\r`, `\t`), so that nothing
    /// quoted can move the cursor, recolour or retitle a terminal, or hide text behind a carriage
    /// return. Bidirectional overrides, which can reorder what a reader sees, are escaped too.
    package static func terminal(_ text: String) -> String {
        // Printable ASCII, the common case, is looked at byte by byte.
        if text.withUTF8Buffer({ $0.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }) { return text }
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var escaped = ""
        escaped.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 8)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                escaped.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            default:
                let hex = String(scalar.value, radix: 16)
                escaped += scalar.value < 0x100
                    ? "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                    : "\\u{" + hex + "}"
            }
        }
        return escaped
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// `text` safe in Markdown running text or a table cell: control characters escaped as for a
    /// terminal, and every character Markdown gives a meaning to (emphasis, code, links, tables,
    /// HTML) backslash-escaped.
    package static func markdown(_ text: String) -> String {
        markdown(text, escaping: markdownSpecials)
    }

    /// keywarden's own Markdown prose that quotes paths and names (a recommendation's reason and
    /// steps): code spans are kept, while what could start a link, an image, HTML or a table cell
    /// is escaped.
    package static func markdownProse(_ text: String) -> String {
        markdown(text, escaping: markdownProseSpecials)
    }

    /// Which ASCII bytes Markdown gives a meaning to, indexed by byte.
    private static let markdownSpecials = asciiTable("\\`*_{}[]()<>#+-.!|~&")
    private static let markdownProseSpecials = asciiTable("\\[]<>|!")

    private static func asciiTable(_ characters: String) -> [Bool] {
        var table = [Bool](repeating: false, count: 128)
        for byte in characters.utf8 { table[Int(byte)] = true }
        return table
    }

    /// Every special character is ASCII, and in UTF-8 an ASCII byte is never part of another
    /// character, so the escaping is done on bytes. (A special character followed by a combining
    /// mark is escaped too: escaping more than needed is safe.)
    private static func markdown(_ text: String, escaping special: [Bool]) -> String {
        let visible = terminal(text)
        return special.withUnsafeBufferPointer { special in
            visible.withUTF8Buffer { bytes in
                let isSpecial = { (byte: UInt8) in byte < 0x80 && special[Int(byte)] }
                guard bytes.contains(where: isSpecial) else { return visible }
                var escaped: [UInt8] = []
                escaped.reserveCapacity(bytes.count + 16)
                for byte in bytes {
                    if isSpecial(byte) { escaped.append(UInt8(ascii: "\\")) }
                    escaped.append(byte)
                }
                return String(decoding: escaped, as: UTF8.self)
            }
        }
    }

    /// `text` safe as HTML text or a quoted attribute value: control characters escaped as for a
    /// terminal, then `& < > " '` as character references, so nothing quoted can open a tag, end an
    /// attribute or start a script.
    package static func html(_ text: String) -> String {
        let visible = terminal(text)
        guard visible.withUTF8Buffer({ $0.contains { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 } }) else { return visible }
        var escaped = ""
        escaped.reserveCapacity(visible.utf8.count + 16)
        for character in visible.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// `text` with every secret the default rules find in it redacted: for messages that quote what
    /// a user wrote (a line of an ignore file, a variable name, a regular expression), which may be
    /// a pasted key. Then made safe for a terminal.
    package static func message(_ text: String) -> String {
        terminal(SecretScrubber.scrubbed(text))
    }
}
