import Foundation

/// SARIF 2.1.0, as GitHub code scanning accepts it.
enum SARIFReport {
    static let toolVersion = KeyWardenVersion.current

    /// Written result by result: only one result's value is built at a time.
    static func write(_ report: ScanReport, options: ReportOptions, to output: ReportOutput) {
        let usedRuleIDs = Set(report.findings.map(\.ruleID)).union(report.inlineAllowed.map(\.ruleID))
        let rules = options.rules.rules.filter { usedRuleIDs.contains($0.id) }
        var driverRules = rules.map(driverRule)
        var ruleIndex = Dictionary(rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        if report.suppressingChange != nil {
            ruleIndex[suppressingChangeRuleID] = driverRules.count
            driverRules.append(suppressingChangeRule)
        }
        var writer = JSONStreamWriter(to: output)
        writer.beginObject()
        writer.member("$schema", "https://json.schemastore.org/sarif-2.1.0.json")
        writer.key("runs")
        writer.beginArray()
        writer.beginObject()
        writer.member("columnKind", "utf16CodeUnits")
        if !report.statistics.sizeSkips.isEmpty {
            // What was not scanned for its size, as notifications of the run (not results: nothing was found).
            writer.member("invocations", [[
                "executionSuccessful": true,
                "toolExecutionNotifications": .array(report.statistics.sizeSkips.map { skip in
                    [
                        "level": "warning", "message": ["text": .string(skip.sentence)],
                        "locations": [["physicalLocation": ["artifactLocation": ["uri": .string(uri(for: skip.path))]]]],
                    ]
                }),
            ]])
        }
        if let policy = report.policy { writer.member("properties", ["keywardenPolicy": JSONReport.policy(policy)]) }
        writer.key("results")
        writer.beginArray()
        if let change = report.suppressingChange {
            writer.value(result(for: change, ruleIndex: ruleIndex))
        }
        for finding in report.findings {
            writer.value(result(for: finding, report: report, options: options, ruleIndex: ruleIndex))
        }
        // Kept, not dropped: code scanning shows them as suppressed in the source.
        for finding in report.inlineAllowed {
            writer.value(result(for: finding, report: report, options: options, ruleIndex: ruleIndex, suppression: "inSource"))
        }
        writer.end()
        writer.key("tool")
        writer.value(["driver": [
            "name": "keywarden", "version": .string(toolVersion), "semanticVersion": .string(toolVersion),
            "informationUri": "https://github.com/keywarden/keywarden", "rules": .array(driverRules),
        ]])
        writer.end()
        writer.end()
        writer.member("version", "2.1.0")
        writer.end()
        writer.finishDocument()
    }

    private static func result(
        for finding: Finding, report: ScanReport, options: ReportOptions, ruleIndex: [String: Int], suppression: String? = nil
    ) -> JSONValue {
        let digest = finding.secretSha256
        let redacted = finding.redacted
        var properties: [String: JSONValue] = [
            "secretSha256": .string(digest), "redacted": .string(redacted), "source": .string(finding.source.rawValue),
        ]
        if let commit = finding.commit {
            properties["commit"] = .string(commit.id)
            properties["author"] = .string(commit.authorName)
            properties["email"] = .string(commit.authorEmail)
            properties["date"] = .string(commit.date)
        }
        if let encoding = finding.encoding { properties["encoding"] = .string(encoding) }
        properties["liveness"] = .string((report.liveness[digest]?.liveness ?? .unchecked).rawValue)
        let shown = options.redacts ? redacted : finding.secret
        var where_ = "\(finding.path)"
        if let commit = finding.commit { where_ += " in commit \(commit.id.prefix(12))" }
        var result: [String: JSONValue] = [
            "ruleId": .string(finding.ruleID),
            "level": "error",
            "message": ["text": "\(finding.ruleDescription.isEmpty ? finding.ruleID : finding.ruleDescription) \(shown) in \(where_)"],
            "locations": [[
                "physicalLocation": [
                    "artifactLocation": ["uri": .string(uri(for: finding.path))],
                    "region": region(for: finding),
                ]
            ]],
            "partialFingerprints": ["keywardenSecret/v1": .string(finding.fingerprint)],
            "properties": .object(properties),
        ]
        if let index = ruleIndex[finding.ruleID] { result["ruleIndex"] = .integer(index) }
        if let suppression { result["suppressions"] = [["kind": .string(suppression)]] }
        return .object(result)
    }

    /// Line and column; for binary content the byte offset as well.
    private static func region(for finding: Finding) -> JSONValue {
        var region: [String: JSONValue] = ["startLine": .integer(finding.line), "startColumn": .integer(finding.column)]
        if let offset = finding.byteOffset { region["byteOffset"] = .integer(offset) }
        return .object(region)
    }

    static let suppressingChangeRuleID = "keywarden/suppressing-change"

    private static let suppressingChangeRule: JSONValue = [
        "id": .string(suppressingChangeRuleID),
        "name": "SuppressingChange",
        "shortDescription": ["text": "A change that hides findings"],
        "fullDescription": [
            "text": "The checked commits change the configuration, ignore file or baseline so that findings the trusted side reports would no longer be reported."
        ],
        "help": ["text": "Review the change to the configuration, ignore file or baseline; accept it with --trust-changed-config only if it is meant."],
        "defaultConfiguration": ["level": "error"],
        "properties": ["tags": ["security", "secret"], "security-severity": "9.0"],
    ]

    /// The result for a change that hides findings, placed on the first file it changes.
    private static func result(for change: SuppressingChange, ruleIndex: [String: Int]) -> JSONValue {
        var result: [String: JSONValue] = [
            "ruleId": .string(suppressingChangeRuleID),
            "level": change.isAccepted ? "note" : "error",
            "message": ["text": .string(change.sentence)],
            "locations": [[
                "physicalLocation": [
                    "artifactLocation": ["uri": .string(uri(for: change.files.first ?? Configuration.fileName))],
                    "region": ["startLine": 1],
                ]
            ]],
            "partialFingerprints": [
                "keywardenSuppressingChange/v1": .string(change.files.joined(separator: ",") + ":" + change.hiddenFindings.map(\.fingerprint).sorted().joined(separator: ","))
            ],
            "properties": ["hiddenFindings": .array(change.hiddenFindings.map { .string($0.fingerprint) })],
        ]
        if let index = ruleIndex[suppressingChangeRuleID] { result["ruleIndex"] = .integer(index) }
        return .object(result)
    }

    private static func driverRule(_ rule: Rule) -> JSONValue {
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

    /// "runway-api-key" → "RunwayApiKey" (SARIF's `name` is an identifier-like form).
    static func ruleName(_ id: String) -> String {
        id.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// What a path segment keeps unencoded; made once, not once per result.
    private static let segmentCharacters: CharacterSet = {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ":;?#[]@")
        return allowed
    }()

    /// A relative URI reference for a repository path: each segment percent-encoded.
    static func uri(for path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false)
            .map { String($0).addingPercentEncoding(withAllowedCharacters: segmentCharacters) ?? String($0) }
            .joined(separator: "/")
    }
}
