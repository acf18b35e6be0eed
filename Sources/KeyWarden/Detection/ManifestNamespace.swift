/// Reads the namespace a Kubernetes manifest declares, so the audit can tell which environment a
/// secret in it serves.
enum ManifestNamespace {
    /// The first `namespace: NAME` of a YAML file (`.yaml`, `.yml`); nil for other files or none.
    static func declared(in buffer: UnsafeRawBufferPointer, path: String) -> String? {
        guard path.hasSuffix(".yaml") || path.hasSuffix(".yml") else { return nil }
        let key = Array("namespace:".utf8)
        var lineStart = 0
        while lineStart < buffer.count {
            var start = lineStart
            while start < buffer.count && (buffer[start] == 0x20 || buffer[start] == 0x09) { start += 1 }
            var lineEnd = start
            while lineEnd < buffer.count && buffer[lineEnd] != 0x0A { lineEnd += 1 }
            if lineEnd - start > key.count, key.indices.allSatisfy({ buffer[start + $0] == key[$0] }) {
                var value = Array(buffer[(start + key.count)..<lineEnd])
                while let first = value.first, first == 0x20 || first == 0x09 || first == 0x22 || first == 0x27 { value.removeFirst() }
                while let last = value.last, last == 0x20 || last == 0x0D || last == 0x22 || last == 0x27 { value.removeLast() }
                if !value.isEmpty, value.allSatisfy({ $0 == 0x2D || $0 == 0x2E || (0x30...0x39).contains($0) || (0x61...0x7A).contains($0) }) {
                    return String(decoding: value, as: UTF8.self)
                }
            }
            lineStart = lineEnd + 1
        }
        return nil
    }
}
