/// What binary content says in words: its runs of printable ASCII, and of UTF-16LE whose characters
/// are printable ASCII, at least `minimumLength` characters long (as `strings` finds them), each
/// put on a line of its own in `text`. A key in a database file, a `.pyc`, a compiled binary or an
/// image's metadata stands in such a run; a NUL byte put before it does not hide it.
struct PrintableRuns {
    /// The runs, each followed by a newline, as UTF-8.
    private(set) var text: [UInt8] = []
    /// For each run, in order of `text`: where it starts in `text`, where it starts in the content,
    /// and how many content bytes one character takes (1 for ASCII, 2 for UTF-16LE).
    private var runs: [(textStart: Int, contentStart: Int, stride: Int)] = []

    init(_ content: UnsafeRawBufferPointer, minimumLength: Int = 8) {
        text.reserveCapacity(min(content.count, 1 << 20))
        // Single-byte runs.
        var start = 0
        for index in 0...content.count {
            if index < content.count && Self.isPrintable(content[index]) { continue }
            if index - start >= minimumLength { append(content, from: start, count: index - start, stride: 1) }
            start = index + 1
        }
        // UTF-16LE runs: a printable byte then a zero, repeated; at either alignment.
        var index = 0
        while index + 1 < content.count {
            var end = index
            while end + 1 < content.count && Self.isPrintable(content[end]) && content[end + 1] == 0 { end += 2 }
            let characters = (end - index) / 2
            if characters >= minimumLength {
                append(content, from: index, count: characters, stride: 2)
                index = end
            } else {
                index += 1
            }
        }
    }

    private static func isPrintable(_ byte: UInt8) -> Bool { (0x20...0x7E).contains(byte) || byte == 0x09 }

    private mutating func append(_ content: UnsafeRawBufferPointer, from start: Int, count: Int, stride: Int) {
        runs.append((text.count, start, stride))
        for character in 0..<count { text.append(content[start + character * stride]) }
        text.append(0x0A)
    }

    /// The content offset of the byte at `textOffset` in `text`.
    func contentOffset(of textOffset: Int) -> Int {
        guard let run = run(holding: textOffset) else { return textOffset }
        return run.contentStart + (textOffset - run.textStart) * run.stride
    }

    /// "binary" for a secret in a single-byte run, "binary-utf16le" for one in a UTF-16LE run.
    func encoding(at textOffset: Int) -> String {
        run(holding: textOffset)?.stride == 2 ? "binary-utf16le" : "binary"
    }

    /// The run `textOffset` falls in: the last one starting at or before it (a binary search).
    private func run(holding textOffset: Int) -> (textStart: Int, contentStart: Int, stride: Int)? {
        var low = 0
        var high = runs.count
        while low < high {
            let middle = (low + high) / 2
            if runs[middle].textStart <= textOffset { low = middle + 1 } else { high = middle }
        }
        return low > 0 ? runs[low - 1] : nil
    }
}
