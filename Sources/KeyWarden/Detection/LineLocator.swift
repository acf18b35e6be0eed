/// Turns byte offsets into 1-based line and column numbers.
struct LineLocator {
    let buffer: UnsafeRawBufferPointer

    func location(of offset: Int) -> (line: Int, column: Int) {
        locations(of: [offset])[0]
    }

    /// The lines and columns of `offsets` (in any order), in one pass over the buffer up to the
    /// largest: a file with thousands of secrets is read once, not once per secret.
    func locations(of offsets: [Int]) -> [(line: Int, column: Int)] {
        var result = [(line: Int, column: Int)](repeating: (1, 1), count: offsets.count)
        var line = 1
        var lineStart = 0
        var index = 0
        for position in offsets.indices.sorted(by: { offsets[$0] < offsets[$1] }) {
            let offset = offsets[position]
            let end = min(offset, buffer.count)
            while index < end {
                if buffer[index] == 0x0A {
                    line += 1
                    lineStart = index + 1
                }
                index += 1
            }
            result[position] = (line, offset - lineStart + 1)
        }
        return result
    }
}
