/// A JSON document as the reports write it, rendered pretty-printed with sorted keys.
///
/// Written out by hand rather than through `JSONSerialization`: that walks `[String: Any]` with a
/// dynamic cast per value, and the first casts of a process search the whole table of protocol
/// conformances of a statically linked binary — a fifth of a pre-commit hook's run went there.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(_ value: String?) {
        self = value.map(JSONValue.string) ?? .null
    }

    public init(_ value: Int?) {
        self = value.map(JSONValue.integer) ?? .null
    }

    public init(_ value: Double?) {
        self = value.map(JSONValue.number) ?? .null
    }

    public init(_ values: [String]) {
        self = .array(values.map(JSONValue.string))
    }

    /// Two-space indentation, `"key" : value`, keys sorted, `/` and non-ASCII text left as they are;
    /// ends with a line break.
    public func rendered() -> String {
        var output = ""
        output.reserveCapacity(4096)
        write(to: &output, indent: 0)
        output.append("\n")
        return output
    }

    private func write(to output: inout String, indent: Int) {
        switch self {
        case .null:
            output.append("null")
        case .bool(let value):
            output.append(value ? "true" : "false")
        case .integer(let value):
            output.append(String(value))
        case .number(let value):
            Self.write(number: value, to: &output)
        case .string(let value):
            Self.write(string: value, to: &output)
        case .array(let elements):
            guard !elements.isEmpty else { return output.append("[]") }
            output.append("[\n")
            for (position, element) in elements.enumerated() {
                Self.indent(indent + 1, into: &output)
                element.write(to: &output, indent: indent + 1)
                output.append(position == elements.count - 1 ? "\n" : ",\n")
            }
            Self.indent(indent, into: &output)
            output.append("]")
        case .object(let members):
            guard !members.isEmpty else { return output.append("{}") }
            output.append("{\n")
            let keys = members.keys.sorted()
            for (position, key) in keys.enumerated() {
                Self.indent(indent + 1, into: &output)
                Self.write(string: key, to: &output)
                output.append(" : ")
                members[key]!.write(to: &output, indent: indent + 1)
                output.append(position == keys.count - 1 ? "\n" : ",\n")
            }
            Self.indent(indent, into: &output)
            output.append("}")
        }
    }

    private static func indent(_ level: Int, into output: inout String) {
        output.append(String(repeating: "  ", count: level))
    }

    /// Whole numbers without a fraction; NaN and infinities (which JSON lacks) as null.
    private static func write(number: Double, to output: inout String) {
        if !number.isFinite {
            output.append("null")
        } else if number == number.rounded(), abs(number) < 1e15 {
            output.append(String(Int(number)))
        } else {
            output.append(String(number))
        }
    }

    private static func write(string: String, to output: inout String) {
        output.append("\"")
        var pending = string.unicodeScalars.startIndex
        let scalars = string.unicodeScalars
        for index in scalars.indices {
            let scalar = scalars[index]
            let escape: String? =
                switch scalar {
                case "\"": "\\\""
                case "\\": "\\\\"
                case "\n": "\\n"
                case "\r": "\\r"
                case "\t": "\\t"
                case "\u{08}": "\\b"
                case "\u{0C}": "\\f"
                case "\u{0}"..."\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}", "\u{FEFF}": controlEscape(scalar)
                default: nil
                }
            guard let escape else { continue }
            output.unicodeScalars.append(contentsOf: scalars[pending..<index])
            output.append(escape)
            pending = scalars.index(after: index)
        }
        output.unicodeScalars.append(contentsOf: scalars[pending...])
        output.append("\"")
    }

    private static func controlEscape(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringInterpolation, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
