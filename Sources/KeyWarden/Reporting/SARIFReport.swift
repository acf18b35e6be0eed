import Foundation

/// SARIF 2.1.0, as GitHub code scanning accepts it.
enum SARIFReport {
    static let toolVersion = KeyWardenVersion.current

    static func render(_ report: ScanReport, options: ReportOptions) -> String {
        let usedRuleIDs = Set(report.findings.map(\.ruleID))
        let rules = options.rules.rules.filter { usedRuleIDs.contains($0.id) }
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        let results: [[String: Any]] = report.findings.map { finding in
            var properties: [String: Any] = [
                "secretSha256": finding.secretSha256, "redacted": finding.redacted, "source": finding.source.rawValue,
            ]
            if let commit = finding.commit {
                properties["commit"] = commit.id
                properties["author"] = commit.authorName
                properties["email"] = commit.authorEmail
                properties["date"] = commit.date
            }
            if let encoding = finding.encoding { properties["encoding"] = encoding }
            properties["liveness"] = report.liveness(of: finding).rawValue
            let shown = options.redacts ? finding.redacted : finding.secret
            var where_ = "\(finding.path)"
            if let commit = finding.commit { where_ += " in commit \(commit.id.prefix(12))" }
            var result: [String: Any] = [
                "ruleId": finding.ruleID,
                "level": "error",
                "message": ["text": "\(finding.ruleDescription.isEmpty ? finding.ruleID : finding.ruleDescription) \(shown) in \(where_)"],
                "locations": [[
                    "physicalLocation": [
                        "artifactLocation": ["uri": uri(for: finding.path)],
                        "region": ["startLine": finding.line, "startColumn": finding.column],
                    ]
                ]],
                "partialFingerprints": ["keywardenSecret/v1": finding.fingerprint],
                "properties": properties,
            ]
            if let index = ruleIndex[finding.ruleID] { result["ruleIndex"] = index }
            return result
        }
        let driverRules: [[String: Any]] = rules.map { rule in
            [
                "id": rule.id,
                "name": ruleName(rule.id),
                "shortDescription": ["text": rule.description.isEmpty ? rule.id : rule.description],
                "fullDescription": ["text": "\(rule.description.isEmpty ? rule.id : rule.description) (\(rule.provider.isEmpty ? "generic" : rule.provider))"],
                "help": ["text": rule.remediation.isEmpty ? "Revoke the secret and remove it from the code." : rule.remediation],
                "defaultConfiguration": ["level": "error"],
                "properties": ["tags": ["security", "secret"] + rule.tags, "security-severity": "9.0"],
            ]
        }
        let document: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [[
                "tool": ["driver": [
                    "name": "keywarden", "version": toolVersion, "semanticVersion": toolVersion,
                    "informationUri": "https://github.com/keywarden/keywarden", "rules": driverRules,
                ]],
                "results": results,
                "columnKind": "utf16CodeUnits",
            ]],
        ]
        return JSONReport.serialize(document)
    }

    /// "runway-api-key" → "RunwayApiKey" (SARIF's `name` is an identifier-like form).
    static func ruleName(_ id: String) -> String {
        id.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// A relative URI reference for a repository path: each segment percent-encoded.
    static func uri(for path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ":;?#[]@")
        return path.split(separator: "/", omittingEmptySubsequences: false)
            .map { String($0).addingPercentEncoding(withAllowedCharacters: allowed) ?? String($0) }
            .joined(separator: "/")
    }
}
