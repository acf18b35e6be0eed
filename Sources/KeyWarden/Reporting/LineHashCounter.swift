import Crypto

/// SARIF's `primaryLocationLineHash`, which GitHub code scanning matches alerts across runs by: a
/// hash of the file and the secret (never of the line number, so an alert stays one alert when
/// lines above it move), and a count that tells apart the places of one secret in one file.
struct LineHashCounter {
    private var seen: [String: Int] = [:]
    private static let domain = Array("keywarden-line-hash-v1\u{0}".utf8)

    /// 16 hex digits of SHA-256 over `keywarden-line-hash-v1`, the path and the fingerprint (NUL
    /// between them), then `:` and the place's number.
    mutating func next(for finding: Finding) -> String {
        var hasher = SHA256()
        hasher.update(data: Self.domain)
        finding.path.withUTF8Buffer { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        hasher.update(data: [0])
        finding.fingerprint.withUTF8Buffer { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        let hash = SecretDigest.hex(hasher.finalize().prefix(8))
        let count = (seen[hash] ?? 0) + 1
        seen[hash] = count
        return "\(hash):\(count)"
    }
}
