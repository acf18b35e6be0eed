import Foundation

/// SARIF 2.1.0, as GitHub code scanning accepts it.
enum SARIFReport {
    static let toolVersion = KeyWardenVersion.current

    static func render(_ report: ScanReport, options: ReportOptions) -> String {
        let usedRuleIDs = Set(report.findings.map(\.ruleID))
        let rules = options.rules.rules.filter { usedRuleIDs.contains($0.id) }
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        let results: [JSONValue] = report.findings.map { finding in
            var properties: [String: JSONValue] = [
                "secretSha256": .string(finding.secretSha256), "redacted": .string(finding.redacted),
                "source": .string(finding.source.rawValue),
            ]
            if let commit = finding.commit {
                properties["commit"] = .string(commit.id)
                properties["author"] = .string(commit.authorName)
                properties["email"] = .string(commit.authorEmail)
                properties["date"] = .string(commit.date)
            }
            if let encoding = finding.encoding { properties["encoding"] = .string(encoding) }
            properties["liveness"] = .string(report.liveness(of: finding).rawValue)
            let shown = options.redacts ? finding.redacted : finding.secret
            var where_ = "\(finding.path)"
            if let commit = finding.commit { where_ += " in commit \(commit.id.prefix(12))" }
            var result: [String: JSONValue] = [
                "ruleId": .string(finding.ruleID),
                "level": "error",
                "message": ["text": "\(finding.ruleDescription.isEmpty ? finding.ruleID : finding.ruleDescription) \(shown) in \(where_)"],
                "locations": [[
                    "physicalLocation": [
                        "artifactLocation": ["uri": .string(uri(for: finding.path))],
                        "region": ["startLine": .integer(finding.line), "startColumn": .integer(finding.column)],
                    ]
                ]],
                "partialFingerprints": ["keywardenSecret/v1": .string(finding.fingerprint)],
                "properties": .object(properties),
            ]
            if let index = ruleIndex[finding.ruleID] { result["ruleIndex"] = .integer(index) }
            return .object(result)
        }
        let driverRules: [JSONValue] = rules.map { rule in
            [
                "id": .string(rule.id),
                "name": .string(ruleName(rule.id)),
                "shortDescription": ["text": .string(rule.description.isEmpty ? rule.id : rule.description)],
                "fullDescription": ["text": "\(rule.description.isEmpty ? rule.id : rule.description) (\(rule.provider.isEmpty ? "generic" : rule.provider))"],
                "help": ["text": .string(rule.remediation.isEmpty ? "Revoke the secret and remove it from the code." : rule.remediation)],
                "defaultConfiguration": ["level": "error"],
                "properties": ["tags": JSONValue(["security", "secret"] + rule.tags), "security-severity": "9.0"],
            ]
        }
        let document: JSONValue = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [[
                "tool": ["driver": [
                    "name": "keywarden", "version": .string(toolVersion), "semanticVersion": .string(toolVersion),
                    "informationUri": "https://github.com/keywarden/keywarden", "rules": .array(driverRules),
                ]],
                "results": .array(results),
                "columnKind": "utf16CodeUnits",
            ]],
        ]
        return document.rendered()
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
