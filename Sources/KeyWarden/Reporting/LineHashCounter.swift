/// SARIF's `primaryLocationLineHash`, which GitHub code scanning matches alerts across runs by: a
/// hash of the file and the secret (never of the line number, so an alert stays one alert when
/// lines above it move), and a count that tells apart the places of one secret in one file.
struct LineHashCounter {
    private var seen: [String: Int] = [:]

    mutating func next(for finding: Finding) -> String {
        let hash = String(SecretDigest.sha256Hex("keywarden-line-hash-v1\u{0}\(finding.path)\u{0}\(finding.fingerprint)").prefix(16))
        let count = (seen[hash] ?? 0) + 1
        seen[hash] = count
        return "\(hash):\(count)"
    }
}
