import Foundation

/// Today's known findings, by fingerprint (never plaintext): with `--baseline`, only what is new is
/// reported, and entries that no longer match are listed so the baseline shrinks as keys are cleaned up.
public struct Baseline: Sendable, Hashable {
    /// The baseline `ci` and trusted range scans use when the repository root has one.
    public static let fileName = ".keywarden-baseline.json"

    public struct Entry: Sendable, Hashable {
        public var fingerprint: String
        public var rule: String
        public var secretSha256: String
        /// Where it was when the baseline was made (for people; matching uses the fingerprint only).
        public var path: String
    }

    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// One entry per distinct fingerprint in `report`.
    public init(report: ScanReport) {
        var seen = Set<String>()
        entries = report.findings.compactMap { finding in
            guard seen.insert(finding.fingerprint).inserted else { return nil }
            return Entry(fingerprint: finding.fingerprint, rule: finding.ruleID, secretSha256: finding.secretSha256, path: finding.path)
        }
    }

    public var fingerprints: Set<String> { Set(entries.map(\.fingerprint)) }

    public func json() -> String {
        let document: JSONValue = [
            "version": 1,
            "entries": .array(
                entries.map {
                    [
                        "fingerprint": .string($0.fingerprint), "rule": .string($0.rule),
                        "secretSha256": .string($0.secretSha256), "path": .string($0.path),
                    ]
                }),
        ]
        return document.rendered()
    }

    /// A baseline file that cannot be used.
    public struct LoadError: Error, LocalizedError, Sendable {
        public var path: String
        public var message: String
        public var errorDescription: String? { "\(path): \(message)" }
    }

    public static func load(from path: String) throws(LoadError) -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(path: path, message: "cannot read the baseline")
        }
        return try parse(data, path: path)
    }

    /// Reads a baseline's JSON; `path` names it in errors.
    public static func parse(_ data: Data, path: String) throws(LoadError) -> Baseline {
        guard let document = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
            document["version"] as? Int == 1, let items = document["entries"] as? [[String: Any]]
        else {
            throw LoadError(path: path, message: "not a keywarden baseline (make one with `keywarden baseline create`)")
        }
        var entries: [Entry] = []
        for item in items {
            guard let fingerprint = item["fingerprint"] as? String else {
                throw LoadError(path: path, message: "an entry has no fingerprint")
            }
            guard SecretDigest.isFingerprint(fingerprint) else {
                throw LoadError(path: path, message: "an entry's fingerprint (\(Redaction.redact(fingerprint))) is not rule-id:32 hex digits")
            }
            entries.append(Entry(
                fingerprint: fingerprint, rule: item["rule"] as? String ?? "", secretSha256: item["secretSha256"] as? String ?? "",
                path: item["path"] as? String ?? ""))
        }
        return Baseline(entries: entries)
    }
}
