/// Infers the environments a key is used in from where it was found: `.env.production`,
/// `config/staging/…`, `k8s/prod/…`, CI workflow files, …
package enum EnvironmentInference {
    static let synonyms: [String: String] = [
        "production": "production", "prod": "production", "prd": "production", "live": "production",
        "staging": "staging", "stage": "staging", "stg": "staging", "preprod": "staging",
        "development": "development", "dev": "development", "local": "development",
        "test": "test", "testing": "test", "qa": "test", "ci": "ci",
    ]

    static let ciPaths = [
        ".github/workflows/", ".gitlab-ci.yml", ".circleci/", "Jenkinsfile", ".travis.yml", "azure-pipelines.yml",
        "bitbucket-pipelines.yml", ".buildkite/", ".drone.yml",
    ]

    /// The environments `path` points at, e.g. `["production"]` for `deploy/prod/values.yaml`.
    ///
    /// Worked out on the path's UTF-8 bytes: an audit asks this of every place of every key.
    package static func environments(forPath path: String) -> [String] {
        var found: [String] = []
        let bytes = Array(path.utf8)
        if ciPathBytes.contains(where: { startsWith(bytes, $0, at: 0) || containsAfterSlash(bytes, $0) }) { found.append("ci") }
        var start = 0
        for end in 0...bytes.count where end == bytes.count || separators.contains(bytes[end]) {
            defer { start = end + 1 }
            guard end - start >= shortestSynonym && end - start <= longestSynonym else { continue }
            let token = String(decoding: bytes[start..<end].map(asciiLowercased), as: UTF8.self)
            if let environment = synonyms[token], !found.contains(environment) { found.append(environment) }
        }
        return found
    }

    private static let ciPathBytes = ciPaths.map { Array($0.utf8) }
    private static let separators: Set<UInt8> = Set("/._- ".utf8)
    private static let shortestSynonym = synonyms.keys.map(\.utf8.count).min() ?? 0
    private static let longestSynonym = synonyms.keys.map(\.utf8.count).max() ?? 0

    /// Only ASCII letters are folded: every synonym is ASCII, so a token with other bytes matches none.
    private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
    }

    private static func startsWith(_ bytes: [UInt8], _ prefix: [UInt8], at offset: Int) -> Bool {
        guard offset + prefix.count <= bytes.count else { return false }
        return bytes[offset..<(offset + prefix.count)].elementsEqual(prefix)
    }

    /// Whether `part` follows a `/` somewhere in `bytes`.
    private static func containsAfterSlash(_ bytes: [UInt8], _ part: [UInt8]) -> Bool {
        bytes.indices.contains { bytes[$0] == UInt8(ascii: "/") && startsWith(bytes, part, at: $0 + 1) }
    }

    /// The environments a Kubernetes namespace name points at: `production`, `payments-prod`, `staging-eu`.
    package static func environments(forNamespace namespace: String) -> [String] {
        var found: [String] = []
        for token in namespace.lowercased().split(whereSeparator: { "-._".contains($0) }).map(String.init) {
            if let environment = synonyms[token], !found.contains(environment) { found.append(environment) }
        }
        return found
    }

    /// Whether `path` is an environment file (`.env`, `.env.production`, `prod.env`, `.envrc`), the
    /// place a key is expected to be loaded from rather than hard-coded.
    package static func isEnvironmentFile(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name == ".env" || name.hasPrefix(".env.") || name.hasSuffix(".env") || name == ".envrc"
    }
}
