/// A strict check of TOML 1.0 syntax, made before TOMLKit sees a text.
///
/// TOMLKit bundles an older toml++ whose parser aborts the whole process (failed assertions) on
/// several kinds of invalid TOML: a table header whose key starts with anything but a key character
/// (`[ = 1`, `[[[a]]]`), an array closed by `}`, a key that starts with a stray character… Fuzzing
/// the rule loader keeps finding more (the inputs are in `Fuzz/regressions/rules/`), so refusing the
/// shapes found so far is not enough. Rule files, configuration and the inventory are written by
/// hand, and a broken one must get an error naming its line, never a crash: whatever this check
/// passes is well-formed TOML 1.0 (the grammar of toml.io/en/v1.0.0, ABNF included), which leaves
/// toml++ only the meaning (duplicate keys, redefined tables, integer overflow) to judge.
///
/// Messages never quote the text: a broken file may hold a secret where a string was meant to be.
struct TOMLSyntaxCheck {
    struct Problem: Error, Equatable {
        var line: Int
        var message: String
    }

    /// Arrays and inline tables nested deeper than this are refused (the check and toml++ recurse).
    static let maximumNesting = 64

    /// The first syntax error in `text`, or nil when it is well-formed TOML 1.0.
    static func problem(in text: String) -> Problem? {
        var check = TOMLSyntaxCheck(bytes: Array(text.utf8))
        do {
            try check.document()
            return nil
        } catch {
            return error
        }
    }

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var nesting = 0

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    // MARK: Lines and tables

    private mutating func document() throws(Problem) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        while true {
            skipSpaces()
            if let byte = current, byte != UInt8(ascii: "#"), !isLineEnd(byte) {
                if byte == UInt8(ascii: "[") { try tableHeader() } else { try keyValue() }
                skipSpaces()
            }
            if current == UInt8(ascii: "#") { try comment() }
            if current == nil { return }
            try lineEnd(after: "a key = value pair or a table header")
        }
    }

    private mutating func tableHeader() throws(Problem) {
        index += 1
        let isArrayOfTables = current == UInt8(ascii: "[")
        if isArrayOfTables { index += 1 }
        skipSpaces()
        try key(in: "a table header")
        skipSpaces()
        let closing = isArrayOfTables ? "]]" : "]"
        for _ in closing.utf8 {
            guard current == UInt8(ascii: "]") else { throw problem("a table header must end with \(closing)") }
            index += 1
        }
    }

    private mutating func keyValue() throws(Problem) {
        try key(in: "a key = value pair")
        skipSpaces()
        guard current == UInt8(ascii: "=") else { throw problem("= expected after a key") }
        index += 1
        skipSpaces()
        try value()
    }

    /// A bare, quoted or dotted key.
    private mutating func key(in context: String) throws(Problem) {
        try simpleKey(in: context)
        while true {
            let mark = index
            skipSpaces()
            guard current == UInt8(ascii: ".") else {
                index = mark
                return
            }
            index += 1
            skipSpaces()
            try simpleKey(in: context)
        }
    }

    private mutating func simpleKey(in context: String) throws(Problem) {
        switch current {
        case UInt8(ascii: "\""):
            try basicString()
        case UInt8(ascii: "'"):
            try literalString()
        case let byte? where Self.isBareKeyCharacter(byte):
            while let byte = current, Self.isBareKeyCharacter(byte) { index += 1 }
        default:
            throw problem("\(context) needs a key here (letters, digits, - and _, or a quoted string)")
        }
    }

    // MARK: Values

    private mutating func value() throws(Problem) {
        guard let byte = current, !isLineEnd(byte), byte != UInt8(ascii: "#") else {
            throw problem("a value is missing after =")
        }
        switch byte {
        case UInt8(ascii: "\""):
            if opensMultiLineString(quote: byte) { try multiLineString(quote: byte) } else { try basicString() }
        case UInt8(ascii: "'"):
            if opensMultiLineString(quote: byte) { try multiLineString(quote: byte) } else { try literalString() }
        case UInt8(ascii: "["):
            try array()
        case UInt8(ascii: "{"):
            try inlineTable()
        default:
            try scalar()
        }
    }

    /// A boolean, number, date or time: one token, judged whole.
    private mutating func scalar() throws(Problem) {
        var token = scalarToken()
        // A date and a time may be separated by one space: `1979-05-27 07:32:00`.
        if Self.isLocalDate(token), current == UInt8(ascii: " "), let next = peek(1), Self.isDigit(next) {
            index += 1
            token += [UInt8(ascii: " ")] + scalarToken()
        }
        if token.isEmpty {
            throw problem("a value was expected here (strings need quotes)")
        }
        let isValid =
            token == Array("true".utf8) || token == Array("false".utf8) || Self.isInteger(token)
            || Self.isFloat(token) || Self.isDateOrTime(token)
        guard isValid else {
            throw problem("not a valid value: strings need quotes; numbers, dates and true/false follow TOML 1.0")
        }
    }

    private mutating func scalarToken() -> [UInt8] {
        let start = index
        while let byte = current, Self.isScalarCharacter(byte) { index += 1 }
        return Array(bytes[start..<index])
    }

    private mutating func array() throws(Problem) {
        try enterNesting()
        defer { nesting -= 1 }
        index += 1
        try skipSpacesCommentsAndLines()
        while current != UInt8(ascii: "]") {
            guard current != nil else { throw problem("an array is not closed with ]") }
            try value()
            try skipSpacesCommentsAndLines()
            if current == UInt8(ascii: ",") {
                index += 1
                try skipSpacesCommentsAndLines()
            } else if current != UInt8(ascii: "]") {
                throw problem(", or ] expected after an array element")
            }
        }
        index += 1
    }

    private mutating func inlineTable() throws(Problem) {
        try enterNesting()
        defer { nesting -= 1 }
        index += 1
        skipSpaces()
        if current == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            try keyValue()
            skipSpaces()
            switch current {
            case UInt8(ascii: ","):
                index += 1
                skipSpaces()
            case UInt8(ascii: "}"):
                index += 1
                return
            default:
                throw problem(", or } expected in an inline table (which must fit on one line, without a trailing comma)")
            }
        }
    }

    private mutating func enterNesting() throws(Problem) {
        nesting += 1
        guard nesting <= Self.maximumNesting else {
            throw problem("arrays and inline tables are nested more than \(Self.maximumNesting) deep")
        }
    }

    // MARK: Strings

    private func opensMultiLineString(quote: UInt8) -> Bool {
        peek(1) == quote && peek(2) == quote
    }

    private mutating func basicString() throws(Problem) {
        index += 1
        while true {
            guard let byte = current, !isLineEnd(byte) else {
                throw problem("a string is not closed with \" on its line")
            }
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return
            case UInt8(ascii: "\\"):
                try escape()
            default:
                try stringCharacter(byte)
            }
        }
    }

    private mutating func literalString() throws(Problem) {
        index += 1
        while true {
            guard let byte = current, !isLineEnd(byte) else {
                throw problem("a string is not closed with ' on its line")
            }
            if byte == UInt8(ascii: "'") {
                index += 1
                return
            }
            try stringCharacter(byte)
        }
    }

    /// `"""…"""` (with escapes) or `'''…'''` (without).
    private mutating func multiLineString(quote: UInt8) throws(Problem) {
        let delimiter = quote == UInt8(ascii: "\"") ? "\"\"\"" : "'''"
        index += 3
        while true {
            guard let byte = current else { throw problem("a multi-line string is not closed with \(delimiter)") }
            switch byte {
            case quote:
                var run = 0
                while current == quote {
                    run += 1
                    index += 1
                }
                // Up to two quotes just before the closing three belong to the string.
                if run >= 3 {
                    guard run <= 5 else { throw problem("too many quotes at the end of a multi-line string") }
                    return
                }
            case UInt8(ascii: "\\") where quote == UInt8(ascii: "\""):
                if !skipLineEndingBackslash() { try escape() }
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                try lineEnd(after: "a line of a multi-line string")
            default:
                try stringCharacter(byte)
            }
        }
    }

    /// A backslash that ends a line inside `"""…"""` trims the line break and the blanks after it.
    private mutating func skipLineEndingBackslash() -> Bool {
        var probe = index + 1
        while probe < bytes.count, bytes[probe] == UInt8(ascii: " ") || bytes[probe] == UInt8(ascii: "\t") { probe += 1 }
        let isLineEnding =
            probe < bytes.count
            && (bytes[probe] == UInt8(ascii: "\n")
                || (bytes[probe] == UInt8(ascii: "\r") && probe + 1 < bytes.count && bytes[probe + 1] == UInt8(ascii: "\n")))
        guard isLineEnding else { return false }
        index = probe
        while let byte = current {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                index += 1
            } else if isLineEnd(byte), (try? lineEnd(after: "")) != nil {
                continue
            } else {
                break
            }
        }
        return true
    }

    private mutating func escape() throws(Problem) {
        index += 1
        switch current {
        case UInt8(ascii: "b"), UInt8(ascii: "t"), UInt8(ascii: "n"), UInt8(ascii: "f"), UInt8(ascii: "r"),
            UInt8(ascii: "\""), UInt8(ascii: "\\"):
            index += 1
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = current == UInt8(ascii: "u") ? 4 : 8
            index += 1
            var scalar: UInt32 = 0
            for _ in 0..<count {
                guard let byte = current, let digit = Self.hexValue(byte) else {
                    throw problem("\\u needs 4 and \\U 8 hexadecimal digits")
                }
                scalar = scalar &* 16 &+ UInt32(digit)
                index += 1
            }
            guard Unicode.Scalar(scalar) != nil else {
                throw problem("a \\u or \\U escape names no Unicode scalar value")
            }
        default:
            throw problem("unknown escape sequence (TOML has \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)")
        }
    }

    /// One character of a string's text: anything but a control character other than tab.
    private mutating func stringCharacter(_ byte: UInt8) throws(Problem) {
        guard !Self.isControl(byte) else {
            throw problem("a control character inside a string must be written as an escape")
        }
        index += 1
    }

    // MARK: Blanks, comments, line ends

    private var current: UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private func peek(_ offset: Int) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    private func isLineEnd(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    private mutating func skipSpaces() {
        while current == UInt8(ascii: " ") || current == UInt8(ascii: "\t") { index += 1 }
    }

    private mutating func comment() throws(Problem) {
        index += 1
        while let byte = current, !isLineEnd(byte) {
            guard !Self.isControl(byte) else { throw problem("a control character inside a comment") }
            index += 1
        }
    }

    /// A line feed, or a carriage return and line feed.
    private mutating func lineEnd(after what: String) throws(Problem) {
        if current == UInt8(ascii: "\n") {
            index += 1
        } else if current == UInt8(ascii: "\r") && peek(1) == UInt8(ascii: "\n") {
            index += 2
        } else if current == UInt8(ascii: "\r") {
            throw problem("a carriage return must be followed by a line feed")
        } else {
            throw problem("the line should end after \(what)")
        }
        line += 1
    }

    /// Blanks, comments and line ends, as allowed between the elements of an array.
    private mutating func skipSpacesCommentsAndLines() throws(Problem) {
        while true {
            skipSpaces()
            if current == UInt8(ascii: "#") { try comment() }
            guard let byte = current, isLineEnd(byte) else { return }
            try lineEnd(after: "a comment")
        }
    }

    private func problem(_ message: String) -> Problem {
        Problem(line: line, message: message)
    }

    // MARK: Characters

    private static func isBareKeyCharacter(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    private static func isScalarCharacter(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isControl(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != UInt8(ascii: "\t")) || byte == 0x7F
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        if isDigit(byte) { return byte - UInt8(ascii: "0") }
        let lower = byte | 0x20
        return (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(lower) ? lower - UInt8(ascii: "a") + 10 : nil
    }
}
