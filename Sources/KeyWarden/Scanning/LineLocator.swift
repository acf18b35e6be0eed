/// Turns byte offsets into 1-based line and column numbers.
struct LineLocator {
    let buffer: UnsafeRawBufferPointer

    func location(of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        let end = min(offset, buffer.count)
        var index = 0
        while index < end {
            if buffer[index] == 0x0A {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        return (line, offset - lineStart + 1)
    }
}
