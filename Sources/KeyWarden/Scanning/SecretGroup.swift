/// Every occurrence of one secret, found by one rule.
public struct SecretGroup: Sendable {
    public var ruleID: String
    public var secretSha256: String
    /// Occurrences, earliest first.
    public var findings: [Finding]

    /// The occurrence that appeared first (oldest commit, else first path).
    public var first: Finding { findings[0] }

    static func group(_ findings: [Finding]) -> [SecretGroup] {
        var order: [String] = []
        var groups: [String: SecretGroup] = [:]
        for finding in findings {
            let key = finding.ruleID + "\u{0}" + finding.secretSha256
            if groups[key] == nil {
                order.append(key)
                groups[key] = SecretGroup(ruleID: finding.ruleID, secretSha256: finding.secretSha256, findings: [])
            }
            groups[key]!.findings.append(finding)
        }
        return order.map { key in
            var group = groups[key]!
            group.findings.sort { ($0.commit?.time ?? Int64.max, $0.path, $0.line) < ($1.commit?.time ?? Int64.max, $1.path, $1.line) }
            return group
        }
    }
}
