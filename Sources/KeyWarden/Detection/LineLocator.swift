/// Turns byte offsets into 1-based line and column numbers: the column in bytes (the text report's,
/// as grep and gitleaks count) and in UTF-16 code units (SARIF's `utf16CodeUnits`, what GitHub and
/// editors count).
struct LineLocator {
    let buffer: UnsafeRawBufferPointer

    struct Location {
        var line: Int
        var column: Int
        var utf16Column: Int
    }

    func location(of offset: Int) -> Location {
        locations(of: [offset])[0]
    }

    /// The locations of `offsets` (in any order), in one pass over the buffer up to the largest: a
    /// file with thousands of secrets is read once, not once per secret.
    func locations(of offsets: [Int]) -> [Location] {
        var result = [Location](repeating: Location(line: 1, column: 1, utf16Column: 1), count: offsets.count)
        var line = 1
        var lineStart = 0
        // UTF-16 code units from the line's start to `index`: one for every byte that starts a
        // character, two for a character outside the Basic Multilingual Plane (a 4-byte lead).
        var units = 0
        var index = 0
        for position in offsets.indices.sorted(by: { offsets[$0] < offsets[$1] }) {
            let offset = offsets[position]
            let end = min(offset, buffer.count)
            while index < end {
                let byte = buffer[index]
                if byte == 0x0A {
                    line += 1
                    lineStart = index + 1
                    units = 0
                } else if byte & 0xC0 != 0x80 {
                    units += byte >= 0xF0 ? 2 : 1
                }
                index += 1
            }
            result[position] = Location(line: line, column: offset - lineStart + 1, utf16Column: units + 1)
        }
        return result
    }
}
