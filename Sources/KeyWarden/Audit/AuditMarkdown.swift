/// The audit as Markdown, for a ticket or a pull-request comment.
public enum AuditMarkdown {
    public static func render(_ report: AuditReport) -> String {
        let needing = report.keys.filter { !$0.recommendations.isEmpty }.count
        var output = "## keywarden audit\n\n"
        output += "\(report.keys.count) key\(report.keys.count == 1 ? "" : "s") found in \(report.repositories.map { "`\($0)`" }.joined(separator: ", ")); "
            + "**\(needing) need action**.\n\n"
        if !report.keys.isEmpty {
            output += "| # | key | inventory | environments | owners | liveness | most urgent |\n|---|---|---|---|---|---|---|\n"
            for (number, key) in report.keys.enumerated() {
                output += "| \(number + 1) | `\(key.hint)` | \(cell(key.inventory?.id ?? "unknown")) | \(cell(key.environments.joined(separator: ", "))) | "
                    + "\(cell(key.owners.joined(separator: ", "))) | \(key.liveness.map { $0.liveness == .live ? "**live**" : $0.liveness.rawValue } ?? "unchecked") | \(key.mostUrgent.map { "**\($0.rawValue)**" } ?? "none") |\n"
            }
        }
        for (number, key) in report.keys.enumerated() {
            output += "\n### \(number + 1). `\(key.hint)` — \(key.description.isEmpty ? key.ruleID : key.description)\n\n"
            for occurrence in key.occurrences.prefix(10) {
                let commit = occurrence.commit.map { " — commit `\($0.prefix(12))` by \(occurrence.authorEmail ?? "?") on \(occurrence.date?.prefix(10) ?? "?")" } ?? " — working tree"
                output += "- `\(occurrence.repository)`: `\(occurrence.path):\(occurrence.line)`\(commit)\n"
            }
            if key.occurrences.count > 10 { output += "- … and \(key.occurrences.count - 10) more\n" }
            if let liveness = key.liveness { output += "\nLiveness: \(liveness.summary)\n" }
            if let note = key.note { output += "\n_\(note)_\n" }
            if !key.recommendations.isEmpty { output += "\n" }
            for recommendation in key.recommendations {
                output += "- [ ] **\(recommendation.action.title)** — \(recommendation.reason). \(recommendation.steps)\n"
            }
        }
        if !report.problems.isEmpty {
            output += "\n### Could not scan\n\n" + report.problems.map { "- `\($0.subject)`: \($0.reason)\n" }.joined()
        }
        return output
    }

    private static func cell(_ text: String) -> String {
        text.isEmpty ? "—" : text.replacingOccurrences(of: "|", with: "\\|")
    }
}
