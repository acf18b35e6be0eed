import Foundation

@testable import KeyWarden

/// SARIF results as they were written before they were written straight from each finding: each
/// built as a `JSONValue` and rendered. Kept only to check that the direct writer writes the same
/// results (`SARIFResultWriterTests`).
enum LegacySARIFResults {
    static func result(
        for finding: Finding, report: ScanReport, options: ReportOptions, ruleIndex: [String: Int], lineHash: String,
        severity: RuleSeverity, suppression: String? = nil, related: ArraySlice<Finding> = []
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
            if commit.isUnreachable { properties["unreachable"] = true }
        }
        if let encoding = finding.encoding { properties["encoding"] = .string(encoding) }
        properties["liveness"] = .string((report.liveness[digest]?.liveness ?? .unchecked).rawValue)
        let shown = options.redacts ? redacted : finding.secret
        var message = "\(finding.ruleDescription.isEmpty ? finding.ruleID : finding.ruleDescription) \(shown) in \(place(of: finding))"
        if !related.isEmpty { message += ", and in \(related.count) other place\(related.count == 1 ? "" : "s") (related locations)" }
        var result: [String: JSONValue] = [
            "ruleId": .string(finding.ruleID),
            "level": .string(level(of: severity)),
            "message": ["text": .string(message)],
            "locations": [location(of: finding)],
            "partialFingerprints": [
                "keywardenSecret/v1": .string(finding.fingerprint), "primaryLocationLineHash": .string(lineHash),
            ],
            "properties": .object(properties),
        ]
        if !related.isEmpty {
            result["relatedLocations"] = .array(related.enumerated().map { index, other in
                guard case .object(var location) = location(of: other) else { return location(of: other) }
                location["id"] = .integer(index + 1)
                location["message"] = ["text": .string("also in \(place(of: other))")]
                return .object(location)
            })
        }
        if let index = ruleIndex[finding.ruleID] { result["ruleIndex"] = .integer(index) }
        if let suppression { result["suppressions"] = [["kind": .string(suppression)]] }
        return .object(result)
    }

    static func location(of finding: Finding) -> JSONValue {
        ["physicalLocation": ["artifactLocation": ["uri": .string(uri(for: finding.path))], "region": region(for: finding)]]
    }

    /// Where the secret starts and ends, in lines and UTF-16 code units (the end column is the one
    /// after its last character); for binary content the byte offset and length as well.
    static func region(for finding: Finding) -> JSONValue {
        let startColumn = finding.utf16Column ?? finding.column
        var endLine = finding.line
        var endColumn = startColumn
        for unit in finding.secret.utf16 {
            if unit == 0x0A {
                endLine += 1
                endColumn = 1
            } else {
                endColumn += 1
            }
        }
        var region: [String: JSONValue] = [
            "startLine": .integer(finding.line), "startColumn": .integer(startColumn),
            "endLine": .integer(endLine), "endColumn": .integer(max(endColumn, endLine == finding.line ? startColumn + 1 : 1)),
        ]
        if let offset = finding.byteOffset {
            region["byteOffset"] = .integer(offset)
            region["byteLength"] = .integer(finding.secret.utf8.count)
        }
        return .object(region)
    }

    /// What a path segment keeps unencoded; made once, not once per result.
    static let segmentCharacters: CharacterSet = {
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

    /// "app/.env", or "app/.env in commit 1a2b3c4d5e6f".
    static func place(of finding: Finding) -> String {
        finding.commit.map { "\(finding.path) in commit \($0.id.prefix(12))" } ?? finding.path
    }

    static func level(of severity: RuleSeverity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low: "note"
        }
    }
}
