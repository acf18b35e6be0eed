import Foundation

/// The report for people: one block per secret (its first appearance, every place it occurs, what to
/// do), then a one-line summary. Secrets are redacted unless the options say otherwise.
struct TextReport {
    let report: ScanReport
    let options: ReportOptions

    /// How many places of one secret are listed before "… and N more".
    static let placesShown = 10

    /// Written secret by secret.
    func write(to output: ReportOutput) {
        if let change = report.suppressingChange {
            output.write(style("● " + DisplayText.terminal(change.sentence), change.isAccepted ? .yellow : .boldRed) + "\n")
            for finding in change.hiddenFindings.prefix(Self.placesShown) {
                let secret = DisplayText.terminal(options.redacts ? finding.redacted : finding.secret)
                output.write("    \(change.isAccepted ? "hides" : "would hide") \(DisplayText.terminal(finding.ruleID)) \(secret) at \(place(finding))\n")
            }
            if change.hiddenFindings.count > Self.placesShown {
                output.write("    … and \(change.hiddenFindings.count - Self.placesShown) more\n")
            }
            output.write("\n")
        }
        let remediation = Dictionary(options.rules.rules.map { ($0.id, $0.remediation) }, uniquingKeysWith: { first, _ in first })
        for group in report.secrets {
            let first = group.first
            let shown = options.redacts ? first.redacted : first.secret
            let title = DisplayText.terminal(first.ruleDescription.isEmpty ? first.ruleID : first.ruleDescription)
            output.write(
                style("● \(title)", .boldRed) + "  " + style(DisplayText.terminal(shown), .bold) + "  "
                    + style("[\(DisplayText.terminal(first.ruleID))]", .dim) + "\n")
            output.write("  first seen: \(place(first))\n")
            if let commit = first.commit {
                let unreachable = commit.isUnreachable ? " (unreachable: no reference holds it)" : ""
                output.write("              commit \(commit.id.prefix(12)) by \(DisplayText.terminal("\(commit.authorName) <\(commit.authorEmail)>")) on \(commit.date)\(unreachable)\n")
            }
            if let result = report.liveness[group.secretSha256] {
                let verdict = "  liveness: \(result.summary)"
                output.write((result.liveness == .live ? style(verdict + " — anyone holding it can use it now", .boldRed) : verdict) + "\n")
            }
            let count = group.findings.count
            output.write("  occurs in \(count) place\(count == 1 ? "" : "s"):\n")
            for finding in group.findings.prefix(Self.placesShown) {
                var line = "    \(place(finding))"
                if let commit = finding.commit {
                    let unreachable = commit.isUnreachable ? ", unreachable" : ""
                    line += style("  (\(commit.id.prefix(12)), \(DisplayText.terminal(commit.authorEmail))\(unreachable))", .dim)
                }
                output.write(line + "\n")
            }
            if count > Self.placesShown { output.write("    … and \(count - Self.placesShown) more\n") }
            if let text = remediation[first.ruleID], !text.isEmpty {
                output.write("  what to do: \(DisplayText.terminal(text))\n")
            }
            output.write("\n")
        }
        for finding in report.inlineAllowed {
            output.write(style("allowed inline", .dim) + " (keywarden:allow on its line): \(DisplayText.terminal(finding.ruleID)) at \(place(finding))\n")
        }
        for skip in report.statistics.sizeSkips {
            output.write(style("not scanned", .yellow) + " " + DisplayText.terminal(skip.sentence) + "\n")
        }
        for problem in report.problems {
            output.write(style("could not scan", .yellow) + " " + DisplayText.message("\(problem.subject): \(problem.reason)") + "\n")
        }
        for note in report.notes {
            output.write(style("note", .dim) + ": " + DisplayText.message(note) + "\n")
        }
        if let policy = report.policy { output.write(style("note", .dim) + ": " + DisplayText.message(policy.sentence) + "\n") }
        output.write(summary() + "\n")
        if options.includesAdvice && !report.findings.isEmpty { output.write(advice()) }
    }

    /// What to do about a blocked commit or push.
    private func advice() -> String {
        let fingerprints = Array(Set(report.findings.map(\.fingerprint))).sorted()
        var text = "\n" + style("What to do", .bold) + "\n"
        text += "  1. Remove the secret from the file and load it at run time from the environment (RUNWAYML_API_SECRET for\n"
        text += "     Runway) or a secret manager. Stage the fix and try again.\n"
        text += "  2. If the key ever left this machine (pushed, shared, pasted), disable it now: for Runway, in the developer\n"
        text += "     portal's API Keys tab; then create a new key for this environment only.\n"
        text += "  3. Not a secret? Add `keywarden:allow` in a comment on that line, or add its fingerprint with a reason to\n"
        text += "     .keywardenignore:\n"
        for fingerprint in fingerprints.prefix(5) { text += "       \(DisplayText.terminal(fingerprint))  <why this is not a secret>\n" }
        text += "  To bypass the hook once (not recommended): git commit --no-verify / git push --no-verify\n"
        return text
    }

    private func place(_ finding: Finding) -> String {
        var text = "\(DisplayText.terminal(finding.path)):\(finding.line):\(finding.column)"
        if let offset = finding.byteOffset {
            text += " (byte \(offset) of binary content)"
        } else if let encoding = finding.encoding {
            text += " (\(encoding)-encoded)"
        }
        if finding.source == .worktree { text += " (working tree)" }
        return text
    }

    func summary() -> String {
        let statistics = report.statistics
        let secrets = report.secretCount
        var parts: [String] = []
        if secrets == 0 {
            parts.append(style("no secrets found", .green))
        } else {
            parts.append(style("\(secrets) secret\(secrets == 1 ? "" : "s") found", .boldRed) + " (\(report.findings.count) finding\(report.findings.count == 1 ? "" : "s"))")
        }
        var scanned: [String] = []
        if statistics.commitsWalked > 0 || statistics.blobsScanned > 0 {
            let cached = statistics.blobsFromCache > 0 ? " (\(statistics.blobsFromCache) judged by an earlier scan, not read again)" : ""
            scanned.append("\(statistics.blobsScanned) blobs in \(statistics.commitsWalked) commits" + cached)
        }
        if statistics.filesScanned > 0 || scanned.isEmpty { scanned.append("\(statistics.filesScanned) files") }
        parts.append("scanned " + scanned.joined(separator: ", ") + ", " + Self.bytes(statistics.bytesScanned)
            + String(format: " in %.2f s", statistics.durationSeconds))
        var skipped: [String] = []
        if statistics.skippedBinary > 0 { skipped.append("\(statistics.skippedBinary) binary") }
        if statistics.skippedTooLarge > 0 { skipped.append("\(statistics.skippedTooLarge) too large") }
        if statistics.skippedSpecial > 0 { skipped.append("\(statistics.skippedSpecial) links/special files") }
        if !report.problems.isEmpty { skipped.append("\(report.problems.count) unreadable") }
        if !skipped.isEmpty { parts.append("skipped " + skipped.joined(separator: ", ")) }
        if !report.inlineAllowed.isEmpty { parts.append("\(report.inlineAllowed.count) allowed inline") }
        if let change = report.suppressingChange, !change.isAccepted {
            parts.append(style("the change would suppress \(change.hiddenFindings.count)", .boldRed))
        }
        return parts.joined(separator: "; ")
    }

    static func bytes(_ count: Int) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(count)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(count) B" : String(format: "%.1f", value) + " " + units[unit]
    }

    enum Style: String {
        case bold = "1", boldRed = "1;31", green = "32", yellow = "33", dim = "2"
    }

    private func style(_ text: String, _ style: Style) -> String {
        options.usesColor ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }
}
