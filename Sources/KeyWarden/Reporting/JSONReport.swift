import GitStore

/// The JSON report: `{"version":1, "findings":[…], "stats":{…}, "problems":[…], "notes":[…]}`, with
/// `inlineAllowed`, `policy`, `skipped` and `suppressingChange` when there is something to say.
/// A stable contract documented in the README; fields are added, never renamed or removed.
enum JSONReport {
    /// A finding of `findings`: its object with its liveness and, when checked, its verification.
    static func reported(_ finding: Finding, in report: ScanReport, options: ReportOptions) -> JSONValue {
        reported(finding, verification: report.liveness[finding.secretSha256], redacts: options.redacts)
    }

    /// The finding's object, with what checking its key found (nil: not checked).
    static func reported(_ finding: Finding, verification result: LivenessResult?, redacts: Bool) -> JSONValue {
        var object = object(for: finding, redacts: redacts)
        object["liveness"] = .string((result?.liveness ?? .unchecked).rawValue)
        if let result { object["verification"] = verification(result) }
        return .object(object)
    }

    /// Written finding by finding, each straight from its values.
    static func write(_ report: ScanReport, options: ReportOptions, to output: ReportOutput) {
        var writer = JSONStreamWriter(to: output)
        writer.beginObject()
        writer.key("findings")
        writer.beginArray()
        for finding in report.findings {
            write(finding, verification: report.liveness[finding.secretSha256], redacts: options.redacts, to: &writer)
        }
        writer.end()
        if !report.inlineAllowed.isEmpty {
            writer.member("inlineAllowed", .array(report.inlineAllowed.map { .object(object(for: $0, redacts: options.redacts)) }))
        }
        writer.member("notes", JSONValue(report.notes.map(SecretScrubber.scrubbed)))
        if let policy = report.policy { writer.member("policy", Self.policy(policy)) }
        writer.member("problems", problems(report.problems))
        if !report.statistics.sizeSkips.isEmpty {
            writer.member("skipped", .array(report.statistics.sizeSkips.map(sizeSkip)))
        }
        writer.member("stats", statistics(report))
        if let change = report.suppressingChange {
            writer.member("suppressingChange", [
                "files": JSONValue(change.files), "trustedSource": .string(change.trustedSource),
                "accepted": .bool(change.isAccepted), "message": .string(change.sentence),
                "hiddenFindings": .array(change.hiddenFindings.map { .object(object(for: $0, redacts: options.redacts)) }),
            ])
        }
        writer.member("version", 1)
        writer.end()
        writer.finishDocument()
    }

    /// A finding of `findings`, written member by member (in sorted order, as `object(for:)` and
    /// `reported` would be rendered): a report of many findings builds no dictionary per finding.
    private static func write(_ finding: Finding, verification result: LivenessResult?, redacts: Bool, to writer: inout JSONStreamWriter) {
        writer.beginObject()
        writer.member("author", finding.commit?.authorName)
        writer.member("column", finding.column)
        writer.member("commit", finding.commit?.id)
        writer.member("date", finding.commit?.date)
        writer.member("description", finding.ruleDescription)
        writer.member("email", finding.commit?.authorEmail)
        writer.member("encoding", finding.encoding)
        writer.member("fingerprint", finding.fingerprint)
        writer.member("line", finding.line)
        writer.member("liveness", (result?.liveness ?? .unchecked).rawValue)
        if let offset = finding.byteOffset { writer.member("offset", offset) }
        writer.member("path", finding.path)
        writer.member("provider", finding.provider)
        writer.member("redacted", finding.redacted)
        writer.member("rule", finding.ruleID)
        if !redacts { writer.member("secret", finding.secret) }
        writer.member("secretSha256", finding.secretSha256)
        writer.member("source", finding.source.rawValue)
        if finding.commit?.isUnreachable == true { writer.member("unreachable", true) }
        if let result { writer.member("verification", verification(result)) }
        writer.end()
    }

    static func object(for finding: Finding, redacts: Bool) -> [String: JSONValue] {
        var object: [String: JSONValue] = [
            "rule": .string(finding.ruleID),
            "description": .string(finding.ruleDescription),
            "provider": .string(finding.provider),
            "path": .string(finding.path),
            "line": .integer(finding.line),
            "column": .integer(finding.column),
            "secretSha256": .string(finding.secretSha256),
            "redacted": .string(finding.redacted),
            "fingerprint": .string(finding.fingerprint),
            "source": .string(finding.source.rawValue),
            "commit": JSONValue(finding.commit?.id),
            "author": JSONValue(finding.commit?.authorName),
            "email": JSONValue(finding.commit?.authorEmail),
            "date": JSONValue(finding.commit?.date),
            "encoding": JSONValue(finding.encoding),
        ]
        if let offset = finding.byteOffset { object["offset"] = .integer(offset) }
        if finding.commit?.isUnreachable == true { object["unreachable"] = true }
        if !redacts { object["secret"] = .string(finding.secret) }
        return object
    }

    /// What could not be scanned, any secret quoted in a reason redacted.
    static func problems(_ problems: [SkippedObject]) -> JSONValue {
        .array(problems.map { ["subject": .string(SecretScrubber.scrubbed($0.subject)), "reason": .string(SecretScrubber.scrubbed($0.reason))] })
    }

    /// A file or blob not scanned for its size (the report's `skipped`, and the history cache's).
    static func sizeSkip(_ skip: SizeSkip) -> JSONValue {
        [
            "path": .string(skip.path), "object": JSONValue(skip.object), "bytes": .integer(skip.bytes),
            "limit": .integer(skip.limit), "reason": .string(skip.reason.rawValue),
        ]
    }

    /// Where the rules, ignore file and baseline came from.
    static func policy(_ policy: AppliedPolicy) -> JSONValue {
        [
            "source": .string(policy.source), "configuration": JSONValue(policy.configuration),
            "ignoreFile": JSONValue(policy.ignoreFile), "ignoreEntries": JSONValue(policy.ignoreEntries),
            "baseline": JSONValue(policy.baseline), "baselineEntries": JSONValue(policy.baselineEntries),
            "rules": .integer(policy.rules),
        ]
    }

    /// The details of a liveness check: never the key.
    static func verification(_ result: LivenessResult) -> JSONValue {
        [
            "liveness": .string(result.liveness.rawValue), "detail": .string(result.detail),
            "checkedAt": .string(result.checkedAt), "tier": JSONValue(result.tier),
            "creditBalance": JSONValue(result.creditBalance),
        ]
    }

    static func statistics(_ report: ScanReport) -> JSONValue {
        let statistics = report.statistics
        return [
            "filesScanned": .integer(statistics.filesScanned),
            "blobsScanned": .integer(statistics.blobsScanned),
            "blobsFromCache": .integer(statistics.blobsFromCache),
            "commitsWalked": .integer(statistics.commitsWalked),
            "bytesScanned": .integer(statistics.bytesScanned),
            "skippedBinary": .integer(statistics.skippedBinary),
            "skippedTooLarge": .integer(statistics.skippedTooLarge),
            "skippedSpecial": .integer(statistics.skippedSpecial),
            "skippedIgnored": .integer(statistics.skippedIgnored),
            "lfsPointers": .integer(statistics.lfsPointers),
            "problems": .integer(report.problems.count),
            "rules": .integer(report.rulesApplied),
            "findings": .integer(report.findings.count),
            "inlineAllowed": .integer(report.inlineAllowed.count),
            "secrets": .integer(report.secretCount),
            "durationSeconds": .number((statistics.durationSeconds * 1000).rounded() / 1000),
            "historyWalkSeconds": .number((statistics.historyWalkSeconds * 1000).rounded() / 1000),
        ]
    }
}
