import Foundation

/// The audit as Markdown, for a ticket or a pull-request comment.
public enum AuditMarkdown {
    /// The whole audit as a string (for small audits and tests; `write(_:to:threads:)` streams).
    public static func render(_ report: AuditReport, threads: Int = 1) -> String {
        let output = ReportOutput.inMemory()
        write(report, to: output, threads: threads)
        return output.text
    }

    /// Writes the audit to `destination` a batch of keys at a time: the Markdown of the whole audit is
    /// never held in memory. The batches are written on `threads` threads and put in order: the
    /// document does not depend on it.
    public static func write(
        _ report: AuditReport, to destination: ReportOutput, threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        let needing = report.keys.count { !$0.actions.isEmpty }
        var output = "## keywarden audit\n\n"
        output += "\(report.keys.count) key\(report.keys.count == 1 ? "" : "s") found in \(report.repositories.map(code).joined(separator: ", ")); "
            + "**\(needing) need action**.\n\n"
        if !report.keys.isEmpty {
            output += "| # | key | inventory | environments | owners | exposure | liveness | most urgent |\n|---|---|---|---|---|---|---|---|\n"
        }
        destination.write(output)
        let keys = report.keys
        for part in [row, section] {
            ParallelWork.inOrder(
                count: keys.count, threads: threads, batchSize: 256,
                make: { range in range.map { part(keys[$0], $0 + 1) }.joined() },
                consume: destination.write)
        }
        if !report.problems.isEmpty {
            destination.write(
                "\n### Could not scan\n\n"
                    + report.problems.map { "- \(code(SecretScrubber.scrubbed($0.subject))): \(DisplayText.markdown(SecretScrubber.scrubbed($0.reason)))\n" }.joined())
        }
    }

    /// The key's row of the table at the top.
    private static func row(_ key: KeyAudit, number: Int) -> String {
        "| \(number) | \(code(key.hint)) | \(cell(key.inventory?.id ?? "unknown")) | \(cell(key.environments.joined(separator: ", "))) | "
            + "\(cell(key.owners.joined(separator: ", "))) | \(key.exposure.reach.rawValue)\(key.exposure.daysExposed.map { ", \($0) days" } ?? "") | \(key.liveness.map { $0.liveness == .live ? "**live**" : $0.liveness.rawValue } ?? "unchecked") | \(key.mostUrgent.map { "**\($0.rawValue)**" } ?? "none") |\n"
    }

    /// The key's section: where it is, how far it got, and what to do.
    private static func section(_ key: KeyAudit, number: Int) -> String {
        var output = "\n### \(number). \(code(key.hint)) — \(DisplayText.markdown(key.description.isEmpty ? key.ruleID : key.description))\n\n"
        for occurrence in key.occurrences.prefix(10) {
            let commit = occurrence.commit.map {
                " — commit \(code(String($0.prefix(12)))) by \(DisplayText.markdown(occurrence.authorEmail ?? "?")) on \(DisplayText.markdown(String(occurrence.date?.prefix(10) ?? "?")))"
            } ?? " — working tree"
            output += "- \(code(occurrence.repository)): \(code("\(occurrence.path):\(occurrence.line)"))\(commit)\n"
        }
        if key.occurrences.count > 10 { output += "- … and \(key.occurrences.count - 10) more\n" }
        output += "\nFound: \(DisplayText.markdownProse(key.places)).\n"
        output += "\nExposure: **\(key.exposure.reach.rawValue)** — \(DisplayText.markdownProse(key.exposure.summary))\n"
        if let liveness = key.liveness { output += "\nLiveness: \(DisplayText.markdownProse(liveness.summary))\n" }
        if let note = key.note { output += "\n_\(DisplayText.markdown(SecretScrubber.scrubbed(note)))_\n" }
        let recommendations = key.recommendations
        if !recommendations.isEmpty { output += "\n" }
        for recommendation in recommendations {
            output += "- [ ] **\(recommendation.action.title)** — \(DisplayText.markdownProse(recommendation.reason)). "
                + DisplayText.markdownProse(recommendation.steps) + "\n"
        }
        return output
    }

    private static func cell(_ text: String) -> String {
        text.isEmpty ? "—" : DisplayText.markdown(text)
    }

    /// `text` as a code span: fenced by one backtick more than the longest run of backticks in it,
    /// so nothing in it can end the span; control characters escaped, and `|` too (a table cell
    /// ends at one even inside a code span).
    static func code(_ text: String) -> String {
        var bytes: [UInt8] = []
        var longest = 0
        var run = 0
        for byte in DisplayText.terminal(text).utf8 {
            if byte == UInt8(ascii: "|") { bytes.append(UInt8(ascii: "\\")) }
            bytes.append(byte)
            run = byte == UInt8(ascii: "`") ? run + 1 : 0
            longest = max(longest, run)
        }
        let safe = String(decoding: bytes, as: UTF8.self)
        let fence = String(repeating: "`", count: longest + 1)
        let padding = safe.hasPrefix("`") || safe.hasSuffix("`") ? " " : ""
        return fence + padding + safe + padding + fence
    }
}
