import Foundation
import GitStore

/// The audit's JSON form: `{"version":1, "keys":[…], "findings":[…], …}`. `audit --merge` reads the
/// `findings` of several such reports back, so that one report covers many repositories.
public enum AuditJSON {
    public static func render(_ report: AuditReport, threads: Int = 1) -> String {
        let output = ReportOutput.inMemory()
        write(report, to: output, threads: threads)
        return output.text
    }

    /// Writes the report key by key and finding by finding, each straight from its values: no
    /// `JSONValue` is built for a finding or a key. Batches of findings and keys are written on
    /// `threads` threads and put in the document in order: the document does not depend on it.
    public static func write(
        _ report: AuditReport, to output: ReportOutput, threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        var writer = JSONStreamWriter(to: output)
        writer.beginObject()
        writer.beginArray("findings")
        writer.elements(of: report.findings, threads: threads) { finding, writer in write(finding.occurrence, of: finding, to: &writer) }
        writer.end()
        writer.beginArray("keys")
        writer.elements(of: report.keys, threads: threads, weight: { 1 + $0.occurrences.count }) { key, writer in write(key, to: &writer) }
        writer.end()
        writer.member("notes", strings: report.notes.map(SecretScrubber.scrubbed))
        writer.beginObject("policy")
        writer.member("maxKeyAgeDays", report.maxKeyAgeDays)
        writer.end()
        writer.member("problems", JSONReport.problems(report.problems))
        writer.member("repositories", strings: report.repositories)
        writer.member("version", 1)
        writer.end()
        writer.finishDocument()
    }

    /// One key of `keys`. Members in sorted order, as every object of keywarden's JSON.
    private static func write(_ key: KeyAudit, to writer: inout JSONStreamWriter) {
        writer.beginObject()
        writer.member("authors", strings: key.authors)
        writer.member("environments", strings: key.environments)
        write(key.exposure, to: &writer)
        if let first = key.firstSeen {
            writer.beginObject("firstSeen")
            writer.member("author", first.authorEmail)
            writer.member("commit", first.commit)
            writer.member("date", first.date)
            writer.member("path", first.path)
            writer.member("repository", first.repository)
            writer.end()
        } else {
            writer.member("firstSeen", JSONValue.null)
        }
        writer.member("hint", key.hint)
        writer.member("inWorktree", key.inWorktree)
        if let entry = key.inventory {
            writer.beginObject("inventory")
            writer.member("created", entry.created)
            writer.member("environment", entry.environment)
            writer.member("id", entry.id)
            writer.member("name", entry.name)
            writer.member("owner", entry.owner)
            writer.member("status", entry.status.rawValue)
            writer.member("statusChanged", entry.statusChanged)
            writer.end()
        }
        writer.member("inventoryId", key.inventory?.id)
        writer.member("liveness", key.liveness?.liveness.rawValue ?? Liveness.unchecked.rawValue)
        writer.member("note", key.note)
        writer.beginArray("occurrences")
        for occurrence in key.occurrences { write(occurrence, to: &writer) }
        writer.end()
        writer.member("owners", strings: key.owners)
        writer.member("provider", key.provider)
        writer.beginArray("recommendations")
        for recommendation in key.recommendations {
            writer.beginObject()
            writer.member("action", recommendation.action.rawValue)
            writer.member("reason", recommendation.reason)
            writer.member("steps", recommendation.steps)
            writer.end()
        }
        writer.end()
        writer.member("repositories", strings: key.repositories)
        writer.member("rule", key.ruleID)
        writer.member("secretSha256", key.secretSha256)
        writer.member("verification", key.liveness.map(JSONReport.verification) ?? .null)
        writer.end()
    }

    /// A key's `exposure`: how far it got (`pushed`, `maybe-pushed`, `local-only`,
    /// `working-tree-only`), since when, and where it still is. Days are UTC; times are seconds
    /// since 1970.
    private static func write(_ exposure: KeyExposure, to writer: inout JSONStreamWriter) {
        func day(_ time: Int64?) -> String? { time.map { KeyExposure.day($0) } }
        writer.beginObject("exposure")
        writer.member("atHead", exposure.atHead)
        writer.member("daysExposed", exposure.daysExposed)
        writer.member("firstCommitted", day(exposure.firstCommitted))
        writer.member("inWorktree", exposure.inWorktree)
        writer.member("lastCommit", exposure.lastCommit)
        writer.member("lastCommitted", day(exposure.lastTime))
        writer.member("localPlaces", strings: exposure.localPlaces)
        writer.member("pushedSince", day(exposure.pushedSince))
        writer.member("reach", exposure.reach.rawValue)
        writer.member("remotes", strings: exposure.remotes)
        writer.member("removedFromHead", day(exposure.removedTime))
        writer.member("summary", exposure.summary)
        writer.member("uncertainty", strings: exposure.uncertainty)
        writer.end()
    }

    /// A place of a key (in `occurrences`), or with `finding` a finding of `findings`: the place and
    /// the finding's rule and digests, the object `audit --merge` reads back.
    private static func write(_ occurrence: KeyOccurrence, of finding: AuditFinding? = nil, to writer: inout JSONStreamWriter) {
        writer.beginObject()
        writer.member("author", occurrence.authorName)
        writer.member("commit", occurrence.commit)
        writer.member("date", occurrence.date)
        if let finding { writer.member("description", finding.description) }
        writer.member("email", occurrence.authorEmail)
        if let exposure = occurrence.exposure {
            write(exposure, to: &writer)
        } else {
            writer.member("exposure", JSONValue.null)
        }
        if let finding { writer.member("fingerprint", finding.fingerprint) }
        writer.member("line", occurrence.line)
        writer.member("namespace", occurrence.namespace)
        writer.member("path", occurrence.path)
        if let finding {
            writer.member("provider", finding.provider)
            writer.member("redacted", finding.redacted)
        }
        writer.member("repository", occurrence.repository)
        if let finding {
            writer.member("rule", finding.ruleID)
            writer.member("secretSha256", finding.secretSha256)
        }
        writer.member("source", occurrence.source.rawValue)
        writer.member("time", occurrence.time.map { Int($0) })
        writer.end()
    }

    /// One committed occurrence's `exposure`, as `audit --merge` reads it back.
    private static func write(_ exposure: OccurrenceExposure, to writer: inout JSONStreamWriter) {
        writer.beginObject("exposure")
        writer.member("atHead", exposure.atHead)
        writer.member("branches", strings: exposure.branches)
        writer.member("headHistory", exposure.headHistory)
        writer.member("lastCommit", exposure.lastCommit)
        writer.member("lastTime", exposure.lastTime.map { Int($0) })
        writer.member("otherReferences", exposure.otherReferences)
        writer.member("remotes", strings: exposure.remotes)
        writer.member("remotesUnknown", exposure.remotesUnknown)
        writer.member("removedBy", exposure.removedBy)
        writer.member("removedTime", exposure.removedTime.map { Int($0) })
        writer.member("stash", exposure.stash)
        writer.member("tags", exposure.tags)
        writer.member("unreachable", exposure.unreachable)
        writer.end()
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
