/// Checks what the TOML parser bundled with TOMLKit (an older toml++) cannot survive, before it sees
/// the text. Two kinds of invalid TOML trip assertions there and abort the process: a table header
/// whose key starts with anything but a key character (`[ = 1`, `[[=`, `[[[a]]]`; fixed upstream in
/// toml++ PR #301), and an array closed by `}` (`s=[}`). Found by fuzzing the rule loader; the
/// inputs are in `Fuzz/regressions/rules/`.
enum TOMLPreflight {
    struct Problem: Equatable {
        var line: Int
        var message: String
    }

    /// The first such problem, or nil when the parser can be given the text.
    static func problem(in text: String) -> Problem? {
        let bytes = Array(text.utf8)
        var index = 0
        var line = 1
        var open: [UInt8] = []  // the value's arrays and inline tables, innermost last
        var atLineStart = true
        func at(_ offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }
        func skipString(quote: UInt8) {
            let multiLine = at(1) == quote && at(2) == quote
            index += multiLine ? 3 : 1
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\\") && quote == UInt8(ascii: "\"") {
                    index += 2
                    continue
                }
                if byte == UInt8(ascii: "\n") {
                    line += 1
                    if !multiLine { return }
                }
                if byte == quote && (!multiLine || (at(1) == quote && at(2) == quote)) {
                    index += multiLine ? 3 : 1
                    // A closing run may be followed by up to two more quotes that belong to the string.
                    while multiLine && at(0) == quote { index += 1 }
                    return
                }
                index += 1
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\n"):
                line += 1
                atLineStart = true
                index += 1
                continue
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                index += 1
                continue
            case UInt8(ascii: "#"):
                while index < bytes.count && bytes[index] != UInt8(ascii: "\n") { index += 1 }
                continue
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                skipString(quote: byte)
            case UInt8(ascii: "[") where atLineStart && open.isEmpty:
                index += at(1) == UInt8(ascii: "[") ? 2 : 1
                while at(0) == UInt8(ascii: " ") || at(0) == UInt8(ascii: "\t") { index += 1 }
                guard let first = at(0), isKeyStart(first) else {
                    return Problem(line: line, message: "a table header needs a key, e.g. [[rules]]")
                }
                // The rest of the header is the parser's to judge.
                while index < bytes.count && bytes[index] != UInt8(ascii: "\n") && bytes[index] != UInt8(ascii: "]") {
                    if bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
                        skipString(quote: bytes[index])
                    } else {
                        index += 1
                    }
                }
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                open.append(byte)
                index += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                let opener = byte == UInt8(ascii: "]") ? UInt8(ascii: "[") : UInt8(ascii: "{")
                if let innermost = open.last, innermost != opener {
                    let expected = innermost == UInt8(ascii: "[") ? "]" : "}"
                    return Problem(line: line, message: "\(expected) expected before \(Character(Unicode.Scalar(byte)))")
                }
                if !open.isEmpty { open.removeLast() }
                index += 1
            default:
                index += 1
            }
            atLineStart = false
        }
        return nil
    }

    private static func isKeyStart(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "\""), UInt8(ascii: "'"):
            return true
        default:
            return false
        }
    }
}
