import Foundation
import GitStore

/// The audit's JSON form: `{"version":1, "keys":[…], "findings":[…], …}`. `audit --merge` reads the
/// `findings` of several such reports back, so that one report covers many repositories.
public enum AuditJSON {
    public static func render(_ report: AuditReport) -> String {
        let document: [String: Any] = [
            "version": 1,
            "repositories": report.repositories,
            "policy": ["maxKeyAgeDays": report.maxKeyAgeDays],
            "keys": report.keys.map(object(for:)),
            "findings": report.findings.map(object(for:)),
            "problems": report.problems.map { ["subject": $0.subject, "reason": $0.reason] },
            "notes": report.notes,
        ]
        return JSONReport.serialize(document)
    }

    static func object(for key: KeyAudit) -> [String: Any] {
        var object: [String: Any] = [
            "secretSha256": key.secretSha256, "rule": key.ruleID, "provider": key.provider, "hint": key.hint,
            "inventoryId": key.inventory?.id ?? NSNull(), "environments": key.environments, "owners": key.owners,
            "authors": key.authors, "repositories": key.repositories, "inWorktree": key.inWorktree,
            "occurrences": key.occurrences.map(object(for:)),
            "recommendations": key.recommendations.map { ["action": $0.action.rawValue, "reason": $0.reason, "steps": $0.steps] },
            "note": key.note ?? NSNull(),
            "liveness": key.liveness?.liveness.rawValue ?? Liveness.unchecked.rawValue,
            "verification": key.liveness.map(JSONReport.verification) ?? NSNull(),
        ]
        if let first = key.firstSeen {
            let firstSeen: [String: Any] = [
                "commit": first.commit as Any? ?? NSNull(), "author": first.authorEmail as Any? ?? NSNull(),
                "date": first.date as Any? ?? NSNull(), "path": first.path, "repository": first.repository,
            ]
            object["firstSeen"] = firstSeen
        } else {
            object["firstSeen"] = NSNull()
        }
        if let entry = key.inventory {
            object["inventory"] = [
                "id": entry.id, "name": entry.name, "environment": entry.environment, "owner": entry.owner,
                "created": entry.created, "status": entry.status.rawValue, "statusChanged": entry.statusChanged,
            ]
        }
        return object
    }

    static func object(for occurrence: KeyOccurrence) -> [String: Any] {
        [
            "repository": occurrence.repository, "path": occurrence.path, "line": occurrence.line,
            "source": occurrence.source.rawValue, "commit": occurrence.commit as Any? ?? NSNull(),
            "author": occurrence.authorName as Any? ?? NSNull(), "email": occurrence.authorEmail as Any? ?? NSNull(),
            "date": occurrence.date as Any? ?? NSNull(), "time": occurrence.time.map { Int($0) } as Any? ?? NSNull(),
            "namespace": occurrence.namespace as Any? ?? NSNull(),
        ]
    }

    static func object(for finding: AuditFinding) -> [String: Any] {
        var object = object(for: finding.occurrence)
        object["rule"] = finding.ruleID
        object["provider"] = finding.provider
        object["description"] = finding.description
        object["secretSha256"] = finding.secretSha256
        object["redacted"] = finding.redacted
        object["fingerprint"] = finding.fingerprint
        return object
    }

    /// A report that `audit --merge` cannot use.
    public struct MergeError: Error, LocalizedError, Sendable {
        public var path: String
        public var message: String
        public var errorDescription: String? { "\(path): \(message)" }
    }

    /// What `audit --merge` takes from one audit JSON report.
    public struct Contents: Sendable {
        public var findings: [AuditFinding]
        public var repositories: [String]
        public var problems: [SkippedObject]
        public var notes: [String]
        /// The liveness verdicts the report recorded, by SHA-256 (keys cannot be checked again from a
        /// report: it holds no plaintext).
        public var liveness: [String: LivenessResult]

        /// Several reports as one: findings and problems side by side, repositories once each, and for
        /// each key the most alarming liveness verdict any report recorded.
        public static func merged(_ parts: [Contents]) -> Contents {
            var repositories: [String] = []
            for name in parts.flatMap(\.repositories) where !repositories.contains(name) { repositories.append(name) }
            var liveness: [String: LivenessResult] = [:]
            for (sha, result) in parts.flatMap(\.liveness) {
                if let kept = liveness[sha], kept.liveness.precedence <= result.liveness.precedence { continue }
                liveness[sha] = result
            }
            return Contents(
                findings: parts.flatMap(\.findings), repositories: repositories, problems: parts.flatMap(\.problems),
                notes: parts.flatMap(\.notes), liveness: liveness)
        }
    }

    /// The findings, repositories, problems, notes and liveness verdicts of an audit JSON report.
    public static func read(_ data: Data, path: String) throws(MergeError) -> Contents {
        guard let document = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw MergeError(path: path, message: "not a JSON object")
        }
        guard document["version"] as? Int == 1, let items = document["findings"] as? [[String: Any]] else {
            throw MergeError(path: path, message: "not a keywarden audit report (expected version 1 with findings; make it with `keywarden audit --format json`)")
        }
        var findings: [AuditFinding] = []
        for (index, item) in items.enumerated() {
            guard let repository = item["repository"] as? String, let rule = item["rule"] as? String,
                let sha = item["secretSha256"] as? String, let path = item["path"] as? String,
                let source = (item["source"] as? String).flatMap(Finding.Source.init(rawValue:))
            else {
                throw MergeError(path: path, message: "finding \(index) lacks repository, rule, secretSha256, path or source")
            }
            var occurrence = KeyOccurrence(
                repository: repository, path: path, line: item["line"] as? Int ?? 0, source: source,
                commit: item["commit"] as? String, authorName: item["author"] as? String,
                authorEmail: item["email"] as? String, date: item["date"] as? String,
                time: (item["time"] as? Int).map(Int64.init))
            occurrence.namespace = item["namespace"] as? String
            findings.append(AuditFinding(
                repository: repository, ruleID: rule, provider: item["provider"] as? String ?? "",
                description: item["description"] as? String ?? "", secretSha256: sha,
                redacted: item["redacted"] as? String ?? "", fingerprint: item["fingerprint"] as? String ?? "",
                occurrence: occurrence))
        }
        let problems = (document["problems"] as? [[String: Any]] ?? []).map {
            SkippedObject(subject: $0["subject"] as? String ?? "", reason: $0["reason"] as? String ?? "")
        }
        var liveness: [String: LivenessResult] = [:]
        for key in document["keys"] as? [[String: Any]] ?? [] {
            guard let sha = key["secretSha256"] as? String, let details = key["verification"] as? [String: Any],
                let verdict = (details["liveness"] as? String).flatMap(Liveness.init(rawValue:))
            else { continue }
            liveness[sha] = LivenessResult(
                liveness: verdict, tier: details["tier"] as? String, creditBalance: (details["creditBalance"] as? NSNumber)?.doubleValue,
                detail: details["detail"] as? String ?? "", checkedAt: details["checkedAt"] as? String ?? "")
        }
        return Contents(
            findings: findings, repositories: document["repositories"] as? [String] ?? [], problems: problems,
            notes: document["notes"] as? [String] ?? [], liveness: liveness)
    }
}
