/// Writes one JSON document to a `ReportOutput` as it is produced, in the layout `JSONValue` renders
/// (two-space indentation, `"key" : value`): the document's large arrays are written element by
/// element, each element a small `JSONValue`.
///
/// Members must be written in sorted key order, as `JSONValue` sorts them; in a debug build a key
/// out of order stops the program, since it would make documents differ by writer.
///
/// The writer keeps up to a block of bytes before handing them to the output: a document ends with
/// `finishDocument()`, which hands over the rest.
package struct JSONStreamWriter {
    private struct Container {
        var isObject: Bool
        var count = 0
        var lastKey: String?
    }

    /// Nil for a fragment (`fragment(inArrayAt:continuing:_:)`), which keeps all it writes.
    private let output: ReportOutput?
    /// What is written and not yet handed to `output`: the writer's own bytes, so that writing a
    /// member touches no shared state (the output is a class, whose buffer every access would check
    /// for exclusivity at run time). Handed over a block at a time, and by `finishDocument()`.
    private var pending: [UInt8] = []
    private var open: [Container] = []
    private var awaitsValue = false
    private static let blockSize = 1 << 16

    package init(to output: ReportOutput) {
        self.output = output
        pending.reserveCapacity(Self.blockSize + 4096)
    }

    private init(fragmentAt depth: Int, continuing: Bool) {
        output = nil
        // The containers the fragment's elements are inside: only their number (the indentation)
        // and whether the innermost array has elements already (the first one's comma) matter.
        open = Array(repeating: Container(isObject: false, count: 1), count: max(0, depth - 1))
        open.append(Container(isObject: false, count: continuing ? 1 : 0))
    }

    /// Some elements of an array, written by `body` apart from the document (on another thread):
    /// bytes to give the document's writer with `append(fragment:elements:)`. `depth` is the array's
    /// nesting in the document (`open` containers, the array included); `continuing` says the array
    /// has elements before these.
    package static func fragment(inArrayAt depth: Int, continuing: Bool, _ body: (inout JSONStreamWriter) -> Void) -> [UInt8] {
        var writer = JSONStreamWriter(fragmentAt: depth, continuing: continuing)
        body(&writer)
        precondition(writer.open.count == depth && !writer.awaitsValue, "a fragment must write whole elements")
        return writer.pending
    }

    /// The nesting of the innermost open container, for a `fragment(inArrayAt:continuing:_:)` of it.
    package var depth: Int { open.count }

    /// Whether the innermost open container has members or elements already.
    package var hasElements: Bool { (open.last?.count ?? 0) > 0 }

    /// `items` as elements of the innermost array, each written by `write`: in batches on `threads`
    /// threads, each batch a fragment, appended in order. The document is the one a loop over `items`
    /// would write. A batch holds elements of about `batchWeight` in all by `weight` (what an element
    /// holds, e.g. a key's places); an element heavier than a batch is written here, straight to the
    /// output, so that no fragment grows with the input.
    package mutating func elements<Items: RandomAccessCollection & Sendable>(
        of items: Items, threads: Int, weight: (Items.Element) -> Int = { _ in 1 },
        write: @escaping @Sendable (Items.Element, inout JSONStreamWriter) -> Void
    ) where Items.Index == Int {
        var batches: [Range<Int>] = []
        var batchStart = 0
        var batchWeight = 0
        func writeBatches(upTo end: Int) {
            if batchStart < end { batches.append(batchStart..<end) }
            // A batch's first element follows another unless it opens the array.
            let (depth, continuing, first) = (depth, hasElements, batches.first?.lowerBound)
            ParallelWork.inOrder(
                batches: batches, threads: threads,
                make: { range in
                    let bytes = Self.fragment(inArrayAt: depth, continuing: continuing || range.lowerBound != first) { writer in
                        for index in range { write(items[items.startIndex + index], &writer) }
                    }
                    return (bytes, range.count)
                },
                consume: { append(fragment: $0.0, elements: $0.1) })
            batches.removeAll()
        }
        for index in 0..<items.count {
            let heft = weight(items[items.startIndex + index])
            if heft > Self.batchWeight {
                writeBatches(upTo: index)
                write(items[items.startIndex + index], &self)
                (batchStart, batchWeight) = (index + 1, 0)
                continue
            }
            if batchWeight + heft > Self.batchWeight {
                batches.append(batchStart..<index)
                (batchStart, batchWeight) = (index, 0)
            }
            batchWeight += heft
        }
        writeBatches(upTo: items.count)
    }

    /// About how much one thread writes at a time in `elements(of:threads:weight:write:)`: so many
    /// elements of weight 1.
    private static let batchWeight = 256

    /// Elements of the innermost array written apart by `fragment(inArrayAt:continuing:_:)`.
    package mutating func append(fragment: [UInt8], elements: Int) {
        precondition(open.last?.isObject == false && !awaitsValue, "a fragment outside an array")
        pending.append(contentsOf: fragment)
        open[open.count - 1].count += elements
        handOverIfFull()
    }

    /// Opens an object: the document itself, a member's value, or an array element.
    package mutating func beginObject() {
        beginValue()
        pending.append(UInt8(ascii: "{"))
        open.append(Container(isObject: true))
    }

    /// Opens an array.
    package mutating func beginArray() {
        beginValue()
        pending.append(UInt8(ascii: "["))
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
        Self.indent(open.count, in: &pending)
        let isPlain = key.withUTF8Buffer { bytes in
            // The writers' keys are plain ASCII names (string literals): they need no escaping.
            guard bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) else {
                return false
            }
            pending.append(UInt8(ascii: "\""))
            pending.append(contentsOf: bytes)
            return true
        }
        if isPlain { pending.append(UInt8(ascii: "\"")) } else { JSONValue.write(string: key, to: &pending) }
        pending.append(UInt8(ascii: " "))
        pending.append(UInt8(ascii: ":"))
        pending.append(UInt8(ascii: " "))
        awaitsValue = true
    }

    /// A whole value: a member's, an array element, or the document.
    package mutating func value(_ value: JSONValue) {
        beginValue()
        value.write(to: &pending, indent: open.count)
        handOverIfFull()
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
        body(&pending)
        handOverIfFull()
    }

    /// Closes the innermost object or array.
    package mutating func end() {
        precondition(!awaitsValue, "a JSON key without a value")
        let container = open.removeLast()
        if container.count > 0 {
            pending.append(UInt8(ascii: "\n"))
            Self.indent(open.count, in: &pending)
        }
        pending.append(UInt8(ascii: container.isObject ? "}" : "]"))
        handOverIfFull()
    }

    /// Ends the document with a line break, as `JSONValue.rendered()` does.
    package mutating func finishDocument() {
        precondition(open.isEmpty, "a JSON document ended with open containers")
        pending.append(UInt8(ascii: "\n"))
        handOver()
    }

    /// Hands the pending bytes to the output once they fill a block.
    private mutating func handOverIfFull() {
        if pending.count >= Self.blockSize { handOver() }
    }

    private mutating func handOver() {
        guard let output else { return }
        output.write(bytes: pending)
        pending.removeAll(keepingCapacity: true)
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
        Self.indent(open.count, in: &pending)
    }

    /// Two spaces for each level.
    private static func indent(_ level: Int, in buffer: inout [UInt8]) {
        buffer.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
    }

    private mutating func separate() {
        if open[open.count - 1].count > 0 { pending.append(UInt8(ascii: ",")) }
        pending.append(UInt8(ascii: "\n"))
        open[open.count - 1].count += 1
    }
}
