import Foundation
import GitStore

/// The audit's JSON form: `{"version":1, "keys":[…], "findings":[…], …}`. `audit --merge` reads the
/// `findings` of several such reports back, so that one report covers many repositories.
public enum AuditJSON {
    public static func render(_ report: AuditReport) -> String {
        let output = ReportOutput.inMemory()
        write(report, to: output)
        return output.text
    }

    /// Writes the report key by key and finding by finding: only one value is built at a time.
    public static func write(_ report: AuditReport, to output: ReportOutput) {
        var writer = JSONStreamWriter(to: output)
        writer.beginObject()
        writer.key("findings")
        writer.beginArray()
        for finding in report.findings { writer.value(.object(object(for: finding))) }
        writer.end()
        writer.key("keys")
        writer.beginArray()
        for key in report.keys { writer.value(.object(object(for: key))) }
        writer.end()
        writer.member("notes", JSONValue(report.notes.map(SecretScrubber.scrubbed)))
        writer.member("policy", ["maxKeyAgeDays": .integer(report.maxKeyAgeDays)])
        writer.member("problems", JSONReport.problems(report.problems))
        writer.member("repositories", JSONValue(report.repositories))
        writer.member("version", 1)
        writer.end()
        writer.finishDocument()
    }

    static func object(for key: KeyAudit) -> [String: JSONValue] {
        var object: [String: JSONValue] = [
            "secretSha256": .string(key.secretSha256), "rule": .string(key.ruleID), "provider": .string(key.provider),
            "hint": .string(key.hint), "inventoryId": JSONValue(key.inventory?.id), "environments": JSONValue(key.environments),
            "owners": JSONValue(key.owners), "authors": JSONValue(key.authors), "repositories": JSONValue(key.repositories),
            "inWorktree": .bool(key.inWorktree), "exposure": .object(object(for: key.exposure)),
            "occurrences": .array(key.occurrences.map { .object(Self.object(for: $0)) }),
            "recommendations": .array(
                key.recommendations.map {
                    ["action": .string($0.action.rawValue), "reason": .string($0.reason), "steps": JSONValue($0.steps)]
                }),
            "note": JSONValue(key.note),
            "liveness": .string(key.liveness?.liveness.rawValue ?? Liveness.unchecked.rawValue),
            "verification": key.liveness.map(JSONReport.verification) ?? .null,
        ]
        object["firstSeen"] = key.firstSeen.map { first in
            [
                "commit": JSONValue(first.commit), "author": JSONValue(first.authorEmail), "date": JSONValue(first.date),
                "path": .string(first.path), "repository": .string(first.repository),
            ]
        } ?? .null
        if let entry = key.inventory {
            object["inventory"] = [
                "id": .string(entry.id), "name": .string(entry.name), "environment": .string(entry.environment),
                "owner": .string(entry.owner), "created": .string(entry.created), "status": .string(entry.status.rawValue),
                "statusChanged": .string(entry.statusChanged),
            ]
        }
        return object
    }

    /// A key's exposure: how far it got (`pushed`, `maybe-pushed`, `local-only`, `working-tree-only`),
    /// since when, and where it still is. Days are UTC; times are seconds since 1970.
    static func object(for exposure: KeyExposure) -> [String: JSONValue] {
        func day(_ time: Int64?) -> JSONValue { JSONValue(time.map { KeyExposure.day($0) }) }
        return [
            "reach": .string(exposure.reach.rawValue), "remotes": JSONValue(exposure.remotes),
            "pushedSince": day(exposure.pushedSince), "firstCommitted": day(exposure.firstCommitted),
            "localPlaces": JSONValue(exposure.localPlaces), "uncertainty": JSONValue(exposure.uncertainty),
            "inWorktree": .bool(exposure.inWorktree), "atHead": .bool(exposure.atHead),
            "lastCommit": JSONValue(exposure.lastCommit), "lastCommitted": day(exposure.lastTime),
            "removedFromHead": day(exposure.removedTime), "daysExposed": JSONValue(exposure.daysExposed),
            "summary": .string(exposure.summary),
        ]
    }

    /// One committed occurrence's exposure, as `audit --merge` reads it back.
    static func object(for exposure: OccurrenceExposure) -> [String: JSONValue] {
        [
            "remotes": JSONValue(exposure.remotes), "branches": JSONValue(exposure.branches), "tags": .bool(exposure.tags),
            "stash": .bool(exposure.stash), "headHistory": .bool(exposure.headHistory),
            "otherReferences": .bool(exposure.otherReferences), "unreachable": .bool(exposure.unreachable),
            "remotesUnknown": .bool(exposure.remotesUnknown), "atHead": .bool(exposure.atHead),
            "lastCommit": JSONValue(exposure.lastCommit), "lastTime": JSONValue(exposure.lastTime.map { Int($0) }),
            "removedBy": JSONValue(exposure.removedBy), "removedTime": JSONValue(exposure.removedTime.map { Int($0) }),
        ]
    }

    static func exposure(from item: [String: Any]) -> OccurrenceExposure? {
        guard let object = item["exposure"] as? [String: Any] else { return nil }
        var exposure = OccurrenceExposure()
        exposure.remotes = object["remotes"] as? [String] ?? []
        exposure.branches = object["branches"] as? [String] ?? []
        exposure.tags = object["tags"] as? Bool ?? false
        exposure.stash = object["stash"] as? Bool ?? false
        exposure.headHistory = object["headHistory"] as? Bool ?? false
        exposure.otherReferences = object["otherReferences"] as? Bool ?? false
        exposure.unreachable = object["unreachable"] as? Bool ?? false
        // A report that does not say is read as one that cannot tell.
        exposure.remotesUnknown = object["remotesUnknown"] as? Bool ?? true
        exposure.atHead = object["atHead"] as? Bool ?? false
        exposure.lastCommit = object["lastCommit"] as? String
        exposure.lastTime = (object["lastTime"] as? Int).map(Int64.init)
        exposure.removedBy = object["removedBy"] as? String
        exposure.removedTime = (object["removedTime"] as? Int).map(Int64.init)
        return exposure
    }

    static func object(for occurrence: KeyOccurrence) -> [String: JSONValue] {
        [
            "exposure": occurrence.exposure.map { .object(object(for: $0)) } ?? .null,
            "repository": .string(occurrence.repository), "path": .string(occurrence.path), "line": .integer(occurrence.line),
            "source": .string(occurrence.source.rawValue), "commit": JSONValue(occurrence.commit),
            "author": JSONValue(occurrence.authorName), "email": JSONValue(occurrence.authorEmail),
            "date": JSONValue(occurrence.date), "time": JSONValue(occurrence.time.map { Int($0) }),
            "namespace": JSONValue(occurrence.namespace),
        ]
    }

    static func object(for finding: AuditFinding) -> [String: JSONValue] {
        var object = Self.object(for: finding.occurrence)
        object["rule"] = .string(finding.ruleID)
        object["provider"] = .string(finding.provider)
        object["description"] = .string(finding.description)
        object["secretSha256"] = .string(finding.secretSha256)
        object["redacted"] = .string(finding.redacted)
        object["fingerprint"] = .string(finding.fingerprint)
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
            occurrence.exposure = exposure(from: item)
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
