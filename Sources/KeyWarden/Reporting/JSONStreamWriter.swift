/// Writes one JSON document to a `ReportOutput` as it is produced, in the layout `JSONValue` renders
/// (two-space indentation, `"key" : value`): the document's large arrays are written element by
/// element, each element a small `JSONValue`.
///
/// Members must be written in sorted key order, as `JSONValue` sorts them; in a debug build a key
/// out of order stops the program, since it would make documents differ by writer.
package struct JSONStreamWriter {
    private struct Container {
        var isObject: Bool
        var count = 0
        var lastKey: String?
    }

    private let output: ReportOutput
    private var open: [Container] = []
    private var awaitsValue = false

    package init(to output: ReportOutput) {
        self.output = output
    }

    /// Opens an object: the document itself, a member's value, or an array element.
    package mutating func beginObject() {
        beginValue()
        output.write("{")
        open.append(Container(isObject: true))
    }

    /// Opens an array.
    package mutating func beginArray() {
        beginValue()
        output.write("[")
        open.append(Container(isObject: false))
    }

    /// Starts the member `key` of the innermost object; its value follows.
    package mutating func key(_ key: String) {
        precondition(open.last?.isObject == true && !awaitsValue, "a JSON key outside an object")
        #if DEBUG
        // Checked in debug builds, where every test runs: which keys a writer writes, and in which
        // order, is fixed in its code, not chosen by the input.
        if let last = open[open.count - 1].lastKey {
            precondition(last < key, "JSON keys written out of order: \(last), \(key)")
        }
        open[open.count - 1].lastKey = key
        #endif
        separate()
        let level = open.count
        output.withBuffer { buffer in
            Self.indent(level, in: &buffer)
            var key = key
            key.withUTF8 { bytes in
                // The writers' keys are plain ASCII names: they need no escaping.
                if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
                    buffer.append(UInt8(ascii: "\""))
                    buffer.append(contentsOf: bytes)
                    buffer.append(contentsOf: Self.keySeparator)
                } else {
                    JSONValue.write(string: String(decoding: bytes, as: UTF8.self), to: &buffer)
                    buffer.append(contentsOf: Self.keySeparator.dropFirst())
                }
            }
        }
        awaitsValue = true
    }

    /// A whole value: a member's, an array element, or the document.
    package mutating func value(_ value: JSONValue) {
        beginValue()
        let level = open.count
        output.withBuffer { value.write(to: &$0, indent: level) }
    }

    /// `key` and its whole value.
    package mutating func member(_ key: String, _ value: JSONValue) {
        self.key(key)
        self.value(value)
    }

    /// Opens the member `key` of the innermost object, an object.
    package mutating func beginObject(_ key: String) {
        self.key(key)
        beginObject()
    }

    /// Opens the member `key` of the innermost object, an array.
    package mutating func beginArray(_ key: String) {
        self.key(key)
        beginArray()
    }

    // Members written straight from Swift values, with no `JSONValue` built between: the writers'
    // hot objects (a finding, a key of the audit) are written this way.

    /// `key` and a string, or null.
    package mutating func member(_ key: String, _ value: String?) {
        self.key(key)
        scalar { buffer in
            if let value { JSONValue.write(string: value, to: &buffer) } else { buffer.append(contentsOf: "null".utf8) }
        }
    }

    /// `key` and a whole number, or null.
    package mutating func member(_ key: String, _ value: Int?) {
        self.key(key)
        scalar { buffer in buffer.append(contentsOf: (value.map(String.init) ?? "null").utf8) }
    }

    /// `key` and true or false.
    package mutating func member(_ key: String, _ value: Bool) {
        self.key(key)
        scalar { buffer in buffer.append(contentsOf: (value ? "true" : "false").utf8) }
    }

    /// `key` and an array of strings.
    package mutating func member(_ key: String, strings: [String]) {
        self.key(key)
        beginArray()
        for string in strings { value(string) }
        end()
    }

    /// A string: an array element, or a member's value.
    package mutating func value(_ string: String) {
        scalar { JSONValue.write(string: string, to: &$0) }
    }

    private mutating func scalar(_ body: (inout [UInt8]) -> Void) {
        beginValue()
        output.withBuffer(body)
    }

    /// Closes the innermost object or array.
    package mutating func end() {
        precondition(!awaitsValue, "a JSON key without a value")
        let container = open.removeLast()
        let close = container.isObject ? "}" : "]"
        if container.count == 0 {
            output.write(close)
        } else {
            let level = open.count
            output.withBuffer { buffer in
                buffer.append(UInt8(ascii: "\n"))
                Self.indent(level, in: &buffer)
                buffer.append(contentsOf: close.utf8)
            }
        }
    }

    /// Ends the document with a line break, as `JSONValue.rendered()` does.
    package mutating func finishDocument() {
        precondition(open.isEmpty, "a JSON document ended with open containers")
        output.write("\n")
    }

    /// Before a value: an array element gets its separator and indentation; a member's value follows
    /// its key directly.
    private mutating func beginValue() {
        if awaitsValue {
            awaitsValue = false
            return
        }
        guard let container = open.last else { return }
        precondition(!container.isObject, "a JSON value in an object without a key")
        separate()
        let level = open.count
        output.withBuffer { Self.indent(level, in: &$0) }
    }

    /// The closing quote of a key and what separates it from its value.
    private static let keySeparator: [UInt8] = Array("\" : ".utf8)
    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 64)

    /// Two spaces for each level, copied from a run of spaces rather than appended one at a time.
    private static func indent(_ level: Int, in buffer: inout [UInt8]) {
        var remaining = 2 * level
        while remaining > 0 {
            let count = min(remaining, spaces.count)
            buffer.append(contentsOf: spaces[0..<count])
            remaining -= count
        }
    }

    private mutating func separate() {
        output.write(open[open.count - 1].count == 0 ? "\n" : ",\n")
        open[open.count - 1].count += 1
    }
}
