/// A JSON document as the reports write it, rendered pretty-printed with sorted keys.
///
/// Written out by hand rather than through `JSONSerialization`: that walks `[String: Any]` with a
/// dynamic cast per value, and the first casts of a process search the whole table of protocol
/// conformances of a statically linked binary — a fifth of a pre-commit hook's run went there.
package enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    package init(_ value: String?) {
        self = value.map(JSONValue.string) ?? .null
    }

    package init(_ value: Int?) {
        self = value.map(JSONValue.integer) ?? .null
    }

    package init(_ value: Double?) {
        self = value.map(JSONValue.number) ?? .null
    }

    package init(_ values: [String]) {
        self = .array(values.map(JSONValue.string))
    }

    /// Two-space indentation, `"key" : value`, keys sorted, `/` and non-ASCII text left as they are;
    /// ends with a line break.
    package func rendered() -> String {
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        write(to: &output, indent: 0)
        output.append(UInt8(ascii: "\n"))
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the value as UTF-8, its nested lines indented `indent` levels; `compact`: on one
    /// line, with no spaces (JSON Lines).
    ///
    /// Nesting is walked with an explicit stack: a value nested deeper than the call stack could
    /// hold still renders.
    package func write(to output: inout [UInt8], indent: Int, compact: Bool = false) {
        enum Step {
            case value(JSONValue, level: Int)
            case text(StaticString)
            case indentation(Int)
            case key(String)
        }
        var steps: [Step] = [.value(self, level: indent)]
        while let step = steps.popLast() {
            switch step {
            case .text(let text):
                output.append(contentsOf: UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
            case .indentation(let level):
                if !compact { output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level)) }
            case .key(let key):
                Self.write(string: key, to: &output)
                output.append(contentsOf: (compact ? ":" : " : ").utf8)
            case .value(let value, let level):
                switch value {
                case .null:
                    output.append(contentsOf: "null".utf8)
                case .bool(let value):
                    output.append(contentsOf: (value ? "true" : "false").utf8)
                case .integer(let value):
                    output.append(contentsOf: String(value).utf8)
                case .number(let value):
                    Self.write(number: value, to: &output)
                case .string(let value):
                    Self.write(string: value, to: &output)
                case .array(let elements):
                    guard !elements.isEmpty else {
                        output.append(contentsOf: "[]".utf8)
                        continue
                    }
                    output.append(contentsOf: (compact ? "[" : "[\n").utf8)
                    // Pushed in reverse: the stack pops them in order.
                    steps.append(.text("]"))
                    steps.append(.indentation(level))
                    for (position, element) in elements.enumerated().reversed() {
                        steps.append(.text(position == elements.count - 1 ? (compact ? "" : "\n") : (compact ? "," : ",\n")))
                        steps.append(.value(element, level: level + 1))
                        steps.append(.indentation(level + 1))
                    }
                case .object(let members):
                    guard !members.isEmpty else {
                        output.append(contentsOf: "{}".utf8)
                        continue
                    }
                    output.append(contentsOf: (compact ? "{" : "{\n").utf8)
                    steps.append(.text("}"))
                    steps.append(.indentation(level))
                    let keys = members.keys.sorted()
                    for (position, key) in keys.enumerated().reversed() {
                        steps.append(.text(position == keys.count - 1 ? (compact ? "" : "\n") : (compact ? "," : ",\n")))
                        steps.append(.value(members[key]!, level: level + 1))
                        steps.append(.key(key))
                        steps.append(.indentation(level + 1))
                    }
                }
            }
        }
    }

    /// Whole numbers without a fraction; NaN and infinities (which JSON lacks) as null.
    private static func write(number: Double, to output: inout [UInt8]) {
        if !number.isFinite {
            output.append(contentsOf: "null".utf8)
        } else if number == number.rounded(), abs(number) < 1e15 {
            output.append(contentsOf: String(Int(number)).utf8)
        } else {
            output.append(contentsOf: String(number).utf8)
        }
    }

    /// A JSON string: quotes, backslashes and control characters escaped, and the characters some
    /// readers take for line ends or byte-order marks (U+2028, U+2029, U+FEFF) as `\u` escapes.
    package static func write(string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        string.withUTF8Buffer { appendEscaped($0, to: &output) }
        output.append(UInt8(ascii: "\""))
    }

    /// The bytes of a string, escaped as `write(string:to:)` says, without the quotes.
    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        var pending = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            // Most bytes stand for themselves: printable ASCII other than a quote or a
            // backslash, and any byte of a multi-byte character but the two that may start
            // U+2028, U+2029 or U+FEFF.
            if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") && byte != 0x7F
                && byte != 0xE2 && byte != 0xEF
            {
                index += 1
                continue
            }
            var escape: StaticString? = nil
            var width = 1
            switch byte {
            case UInt8(ascii: "\""): escape = "\\\""
            case UInt8(ascii: "\\"): escape = "\\\\"
            case 0x0A: escape = "\\n"
            case 0x0D: escape = "\\r"
            case 0x09: escape = "\\t"
            case 0x08: escape = "\\b"
            case 0x0C: escape = "\\f"
            case 0x00...0x1F, 0x7F: escape = nil
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                width = 3
            case 0xEF where index + 2 < bytes.count && bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF:
                width = 3
            default:
                index += 1
                continue
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[pending..<index]))
            if let escape {
                output.append(contentsOf: UnsafeRawBufferPointer(start: escape.utf8Start, count: escape.utf8CodeUnitCount))
            } else {
                let scalar: UInt32 =
                    width == 1 ? UInt32(byte) : (bytes[index] == 0xEF ? 0xFEFF : 0x2028 + UInt32(bytes[index + 2] - 0xA8))
                controlEscape(scalar, to: &output)
            }
            index += width
            pending = index
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[pending..<bytes.count]))
    }

    private static func controlEscape(_ scalar: UInt32, to output: inout [UInt8]) {
        let digits = Array("0123456789abcdef".utf8)
        output.append(contentsOf: "\\u".utf8)
        for shift in stride(from: 12, through: 0, by: -4) {
            output.append(digits[Int((scalar >> UInt32(shift)) & 0xF)])
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringInterpolation, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    package init(nilLiteral: ()) { self = .null }
    package init(booleanLiteral value: Bool) { self = .bool(value) }
    package init(integerLiteral value: Int) { self = .integer(value) }
    package init(floatLiteral value: Double) { self = .number(value) }
    package init(stringLiteral value: String) { self = .string(value) }
    package init(arrayLiteral elements: JSONValue...) { self = .array(elements) }

    package init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
