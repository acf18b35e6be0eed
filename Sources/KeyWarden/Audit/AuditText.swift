/// The audit for people: keys most urgent first, each with where it is, whose it is, and what to do.
public enum AuditText {
    /// How many places of one key are listed before "+N more".
    static let placesShown = 3

    /// The whole audit as a string (for small audits and tests; `write(_:usesColor:to:)` streams).
    public static func render(_ report: AuditReport, usesColor: Bool = false) -> String {
        let output = ReportOutput.inMemory()
        write(report, usesColor: usesColor, to: output)
        return output.text
    }

    /// Writes the audit to `destination` a key at a time: the text of the whole audit is never held
    /// in memory.
    public static func write(_ report: AuditReport, usesColor: Bool = false, to destination: ReportOutput) {
        var output = ""
        func flush() {
            destination.write(output)
            output.removeAll(keepingCapacity: true)
        }
        func style(_ text: String, _ code: String) -> String { usesColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        // What the repositories and the inventory hold is quoted, never obeyed by the terminal.
        func safe(_ text: String) -> String { DisplayText.terminal(text) }
        let needing = report.keys.count { !$0.actions.isEmpty }
        output += style("keywarden audit", "1") + ": \(report.keys.count) key\(report.keys.count == 1 ? "" : "s") in "
            + "\(report.repositories.count) repositor\(report.repositories.count == 1 ? "y" : "ies") (\(safe(report.repositories.joined(separator: ", ")))); "
            + (needing == 0 ? style("nothing to do", "32") : style("\(needing) need action", "1;31")) + "\n"
        for (number, key) in report.keys.enumerated() {
            let known = key.inventory.map { "inventory \"\(safe($0.id))\"\($0.name.isEmpty ? "" : " (portal name \"\(safe($0.name))\")"), \($0.status.rawValue)" }
                ?? style("unknown to the inventory", "33")
            output += "\n\(number + 1). " + style(safe(key.hint), "1") + "  \(safe(key.description.isEmpty ? key.ruleID : key.description)) — \(known)\n"
            let places = key.occurrences.prefix(placesShown).map { occurrence -> String in
                var text = "\(safe(report.repositories.count > 1 ? occurrence.repository + ":" : ""))\(safe(occurrence.path)):\(occurrence.line)"
                if let commit = occurrence.commit {
                    text += " (\(safe(String(commit.prefix(12)))), \(safe(occurrence.authorEmail ?? "?")), \(safe(String(occurrence.date?.prefix(10) ?? "?"))))"
                } else {
                    text += " (working tree)"
                }
                return text
            }
            let more = key.occurrences.count > placesShown ? " +\(key.occurrences.count - placesShown) more" : ""
            output += "   where: \(places.joined(separator: "; "))\(more)\n"
            output += "   found: \(safe(key.places))\n"
            output += "   environments: \(key.environments.isEmpty ? "unknown" : safe(key.environments.joined(separator: ", ")))"
                + "   owners: \(key.owners.isEmpty ? "unknown" : safe(key.owners.joined(separator: ", ")))\n"
            let reachColour = key.exposure.reach == .pushed || key.exposure.reach == .maybePushed ? "1;31" : "33"
            output += "   exposure: " + style(key.exposure.reach.rawValue, reachColour) + " — \(safe(key.exposure.summary))\n"
            if let liveness = key.liveness {
                output += "   liveness: " + (liveness.liveness == .live ? style(safe(liveness.summary), "1;31") : safe(liveness.summary)) + "\n"
            }
            if let note = key.note { output += "   note: \(DisplayText.message(note))\n" }
            for recommendation in key.recommendations {
                let colour = recommendation.action == .disableNow ? "1;31" : "1;33"
                output += "   " + style("▶ \(recommendation.action.title)", colour) + " — \(safe(recommendation.reason))\n"
            }
            flush()
        }
        // The steps are the same shape for every key: say them once per action, after the keys, so the
        // list of keys stays readable on one screen (the JSON and Markdown reports carry them per key).
        var explained: Set<Recommendation.Action> = []
        var howTo = ""
        // Only a key with an action not yet explained has its recommendations worded.
        for key in report.keys where !key.actions.allSatisfy(explained.contains) {
            for recommendation in key.recommendations where explained.insert(recommendation.action).inserted {
                howTo += "  \(recommendation.action.title): \(safe(recommendation.steps))\n"
            }
        }
        if !howTo.isEmpty { output += "\n" + style("What to do", "1") + " (as for the first key with each action):\n" + howTo }
        for problem in report.problems { output += style("could not scan", "33") + " " + DisplayText.message("\(problem.subject): \(problem.reason)") + "\n" }
        for note in report.notes { output += "note: " + DisplayText.message(note) + "\n" }
        flush()
    }
}
