import Foundation

/// The JSON report: `{"version":1, "findings":[…], "stats":{…}, "problems":[…], "notes":[…]}`.
/// A stable contract documented in the README; fields are added, never renamed or removed.
enum JSONReport {
    static func render(_ report: ScanReport, options: ReportOptions) -> String {
        let document: [String: Any] = [
            "version": 1,
            "findings": report.findings.map { finding in
                var object = object(for: finding, redacts: options.redacts)
                object["liveness"] = report.liveness(of: finding).rawValue
                if let result = report.liveness[finding.secretSha256] { object["verification"] = verification(result) }
                return object
            },
            "stats": statistics(report),
            "problems": report.problems.map { ["subject": $0.subject, "reason": $0.reason] },
            "notes": report.notes,
        ]
        return serialize(document)
    }

    static func object(for finding: Finding, redacts: Bool) -> [String: Any] {
        var object: [String: Any] = [
            "rule": finding.ruleID,
            "description": finding.ruleDescription,
            "provider": finding.provider,
            "path": finding.path,
            "line": finding.line,
            "column": finding.column,
            "secretSha256": finding.secretSha256,
            "redacted": finding.redacted,
            "fingerprint": finding.fingerprint,
            "source": finding.source.rawValue,
            "commit": finding.commit?.id ?? NSNull(),
            "author": finding.commit?.authorName ?? NSNull(),
            "email": finding.commit?.authorEmail ?? NSNull(),
            "date": finding.commit?.date ?? NSNull(),
            "encoding": finding.encoding ?? NSNull(),
        ]
        if !redacts { object["secret"] = finding.secret }
        return object
    }

    /// The details of a liveness check: never the key.
    static func verification(_ result: LivenessResult) -> [String: Any] {
        [
            "liveness": result.liveness.rawValue, "detail": result.detail, "checkedAt": result.checkedAt,
            "tier": result.tier ?? NSNull(), "creditBalance": result.creditBalance ?? NSNull(),
        ]
    }

    static func statistics(_ report: ScanReport) -> [String: Any] {
        let statistics = report.statistics
        return [
            "filesScanned": statistics.filesScanned,
            "blobsScanned": statistics.blobsScanned,
            "commitsWalked": statistics.commitsWalked,
            "bytesScanned": statistics.bytesScanned,
            "skippedBinary": statistics.skippedBinary,
            "skippedTooLarge": statistics.skippedTooLarge,
            "skippedSpecial": statistics.skippedSpecial,
            "skippedIgnored": statistics.skippedIgnored,
            "lfsPointers": statistics.lfsPointers,
            "problems": report.problems.count,
            "rules": report.rulesApplied,
            "findings": report.findings.count,
            "secrets": report.secrets.count,
            "durationSeconds": (statistics.durationSeconds * 1000).rounded() / 1000,
            "historyWalkSeconds": (statistics.historyWalkSeconds * 1000).rounded() / 1000,
        ]
    }

    static func serialize(_ object: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
