import Foundation

/// The audit as one self-contained HTML page a security team can open and share: a summary, the
/// keys × environments and keys × owners matrices that show a shared key at a glance, and per key its
/// exposure timeline and recommendations.
///
/// The page loads nothing: no scripts, external styles, fonts or images, and its Content-Security-Policy
/// forbids them, so opening it makes no network request. Everything taken from repositories and the
/// inventory is escaped (`DisplayText.html`): repository content is hostile. Keys appear redacted only.
/// It is written key by key to the output, so its cost grows with the keys and nothing is built whole.
public enum AuditHTML {
    /// At most this many environment or owner columns in a matrix; the rest are counted in "other".
    static let matrixColumns = 24
    /// At most this many keys in a matrix (shared keys first); every key has its own section below.
    static let matrixRows = 1_000
    /// Places listed per key before "+N more".
    static let placesShown = 4

    public static func render(_ report: AuditReport, now: Date = Date()) -> String {
        let output = ReportOutput.inMemory()
        write(report, to: output, now: now)
        return output.text
    }

    public static func write(_ report: AuditReport, to output: ReportOutput, now: Date = Date()) {
        let today = DayDate.format(now)
        let needing = report.keys.filter { !$0.recommendations.isEmpty }.count
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <meta name="referrer" content="no-referrer">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>keywarden audit \(today)</title>
            <style>\(style)</style></head><body>
            <header><h1>keywarden audit</h1><p>\(today) · \(count(report.repositories.count, "repository", "repositories")): \(escape(report.repositories.joined(separator: ", ")))</p></header>

            """
        page += summary(report, needing: needing)
        output.write(page)
        output.write(matrix(report, title: "Keys × environments", id: "environments", values: \.environments, empty: "no environment known"))
        output.write(matrix(report, title: "Keys × owners", id: "owners", values: \.owners, empty: "no owner known"))
        output.write("<section id=\"keys\"><h2>Keys, most urgent first</h2>\n")
        var steps = StepsIndex()
        for (number, key) in report.keys.enumerated() {
            output.write(section(for: key, number: number + 1, report: report, now: now, steps: &steps))
        }
        output.write("</section>\n")
        var tail = ""
        if !report.problems.isEmpty {
            tail += "<section id=\"problems\"><h2>Could not scan</h2><ul>"
            for problem in report.problems {
                tail += "<li><code>\(escape(SecretScrubber.scrubbed(problem.subject)))</code>: \(escape(SecretScrubber.scrubbed(problem.reason)))</li>"
            }
            tail += "</ul></section>\n"
        }
        if !report.notes.isEmpty {
            tail += "<section id=\"notes\"><h2>Notes</h2><ul>"
            for note in report.notes { tail += "<li>\(escape(SecretScrubber.scrubbed(note)))</li>" }
            tail += "</ul></section>\n"
        }
        tail += "<footer>Made by keywarden. Keys are shown redacted; this page loads nothing from the network.</footer></body></html>\n"
        output.write(tail)
    }

    // MARK: - Summary

    private static func summary(_ report: AuditReport, needing: Int) -> String {
        var byReach: [KeyExposure.Reach: Int] = [:]
        var byAction: [Recommendation.Action: Int] = [:]
        var shared = 0
        for key in report.keys {
            byReach[key.exposure.reach, default: 0] += 1
            for action in Set(key.recommendations.map(\.action)) { byAction[action, default: 0] += 1 }
            if key.recommendations.contains(where: { $0.action == .replaceShared }) { shared += 1 }
        }
        var html = "<section id=\"summary\"><h2>Summary</h2><dl class=\"counts\">"
        html += fact("keys", report.keys.count, "keys found")
        html += fact("need-action", needing, "need action")
        for reach in KeyExposure.Reach.allCases { html += fact(reach.rawValue, byReach[reach] ?? 0, reachTitle(reach)) }
        html += fact("shared", shared, "shared keys")
        html += "</dl><h3>Actions, most urgent first</h3><ol class=\"actions\">"
        for action in Recommendation.Action.allCases.sorted() {
            html += "<li data-action=\"\(action.rawValue)\"><b>\(action.title)</b>: <span class=\"n\">\(byAction[action] ?? 0)</span> "
                + "key\(byAction[action] == 1 ? "" : "s")</li>"
        }
        html += "</ol>"
        if !report.keys.isEmpty {
            html += "<h3>Most urgent</h3><table class=\"urgent\"><thead><tr><th>#</th><th>key</th><th>most urgent</th><th>exposure</th><th>days exposed</th><th>environments</th><th>owners</th></tr></thead><tbody>"
            for (number, key) in report.keys.prefix(matrixRows).enumerated() {
                html += "<tr><td>\(number + 1)</td><td><a href=\"#key-\(number + 1)\"><code>\(escape(key.hint))</code></a></td>"
                    + "<td>\(key.mostUrgent.map { "<b class=\"\($0.rawValue)\">\($0.title)</b>" } ?? "none")</td>"
                    + "<td class=\"\(key.exposure.reach.rawValue)\">\(key.exposure.reach.rawValue)</td>"
                    + "<td>\(key.exposure.daysExposed.map(String.init) ?? "—")</td>"
                    + "<td>\(escape(key.environments.joined(separator: ", ")))</td><td>\(escape(key.owners.joined(separator: ", ")))</td></tr>"
            }
            html += "</tbody></table>"
            if report.keys.count > matrixRows {
                html += "<p>… and \(report.keys.count - matrixRows) more keys, each in its section below.</p>"
            }
        }
        return html + "</section>\n"
    }

    private static func fact(_ id: String, _ value: Int, _ label: String) -> String {
        "<div data-count=\"\(id)\"><dt>\(label)</dt><dd>\(value)</dd></div>"
    }

    private static func reachTitle(_ reach: KeyExposure.Reach) -> String {
        switch reach {
        case .pushed: return "pushed to a remote"
        case .maybePushed: return "maybe pushed"
        case .localOnly: return "never left the machine"
        case .workingTreeOnly: return "never committed"
        }
    }

    // MARK: - Matrices

    /// Keys × the values of one fact (environments or owners): one row per key that has any, shared
    /// keys (more than one value) first and marked, one column per value, the most common first.
    private static func matrix(_ report: AuditReport, title: String, id: String, values: KeyPath<KeyAudit, [String]>, empty: String) -> String {
        var frequency: [String: Int] = [:]
        for key in report.keys { for value in key[keyPath: values] { frequency[value, default: 0] += 1 } }
        var html = "<section id=\"\(id)\" class=\"matrix\"><h2>\(title)</h2>"
        guard !frequency.isEmpty else { return html + "<p>\(empty).</p></section>\n" }
        let columns = frequency.keys.sorted { (-frequency[$0]!, $0) < (-frequency[$1]!, $1) }
        let shown = Array(columns.prefix(matrixColumns))
        let column = Dictionary(uniqueKeysWithValues: shown.enumerated().map { ($1, $0) })
        let hasOther = columns.count > shown.count
        let numbered = report.keys.enumerated().filter { !$0.element[keyPath: values].isEmpty }
        let rows = numbered.filter { $0.element[keyPath: values].count > 1 } + numbered.filter { $0.element[keyPath: values].count == 1 }
        html += "<table><thead><tr><th>key</th>"
        for value in shown { html += "<th>\(escape(value))</th>" }
        if hasOther { html += "<th>other (\(columns.count - shown.count))</th>" }
        html += "</tr></thead><tbody>"
        for (index, key) in rows.prefix(matrixRows) {
            let own = key[keyPath: values]
            var cells = [Bool](repeating: false, count: shown.count)
            var other = 0
            for value in own {
                if let position = column[value] { cells[position] = true } else { other += 1 }
            }
            html += "<tr\(own.count > 1 ? " class=\"shared\"" : "")><th><a href=\"#key-\(index + 1)\"><code>\(escape(key.hint))</code></a>"
                + "\(own.count > 1 ? " <b>shared</b>" : "")</th>"
            for cell in cells { html += cell ? "<td class=\"on\">●</td>" : "<td></td>" }
            if hasOther { html += other > 0 ? "<td class=\"on\">\(other)</td>" : "<td></td>" }
            html += "</tr>"
        }
        html += "</tbody></table>"
        if rows.count > matrixRows { html += "<p>… and \(rows.count - matrixRows) more keys, each in its section below.</p>" }
        return html + "</section>\n"
    }

    // MARK: - One key

    /// The steps already on the page, by their text with the key's hint taken out (most are the same
    /// for many keys): each is written once, where it is first needed, and later keys link to it.
    struct StepsIndex {
        private var anchors: [String: Int] = [:]

        /// The anchor of `steps` and whether it is new (then the caller writes it out under that anchor).
        mutating func anchor(for steps: String) -> (id: Int, isNew: Bool) {
            if let known = anchors[steps] { return (known, false) }
            let id = anchors.count + 1
            anchors[steps] = id
            return (id, true)
        }
    }

    /// The steps as they read for any key: the hint becomes "this key", since the section's heading names it.
    static func generic(_ steps: String, hint: String) -> String {
        steps.replacingOccurrences(of: "the key \(hint)", with: "this key")
            .replacingOccurrences(of: "the hint \(hint)", with: "its hint")
            .replacingOccurrences(of: hint, with: "this key")
    }

    /// One key's section. Optional end tags (`</li>`, `</dd>`, `</p>`) are left out: a page of 20,000
    /// keys is a fifth smaller without them.
    private static func section(for key: KeyAudit, number: Int, report: AuditReport, now: Date, steps: inout StepsIndex) -> String {
        let exposure = key.exposure
        var html = "<article id=key-\(number) class=\(exposure.reach.rawValue)>"
        html += "<h3>\(number). <code>\(escape(key.hint))</code> \(escape(key.description.isEmpty ? key.ruleID : key.description))</h3><p>"
        html += key.inventory.map {
            "inventory <b>\(escape($0.id))</b>\($0.name.isEmpty ? "" : " (portal name “\(escape($0.name))”)"), \(escape($0.status.rawValue))"
        } ?? "unknown to the inventory"
        html += " · environments: \(key.environments.isEmpty ? "unknown" : escape(key.environments.joined(separator: ", ")))"
        html += " · owners: \(key.owners.isEmpty ? "unknown" : escape(key.owners.joined(separator: ", ")))"
        html += "<p>\(escape([exposure.reachDescription, exposure.presence].filter { !$0.isEmpty }.joined(separator: "; ")))"
        if let liveness = key.liveness { html += "<p>liveness: \(escape(liveness.summary))" }
        if let note = key.note { html += "<p>note: \(escape(SecretScrubber.scrubbed(note)))" }
        html += timeline(exposure, now: now)
        html += "<ul>"
        for occurrence in key.occurrences.prefix(placesShown) {
            let place = report.repositories.count > 1 ? occurrence.repository + ": " : ""
            html += "<li><code>\(escape(place + occurrence.path)):\(occurrence.line)</code> "
            if let commit = occurrence.commit {
                html += "\(escape(String(commit.prefix(12)))) \(escape(occurrence.authorEmail ?? "?")) \(escape(String(occurrence.date?.prefix(10) ?? "?")))"
                if let held = occurrence.exposure {
                    let holders = held.remotes.map { "remote \($0)" } + held.localPlaces + (held.tags ? ["a tag"] : [])
                    if !holders.isEmpty { html += " — \(escape(holders.joined(separator: ", ")))" }
                }
            } else {
                html += "working tree"
            }
        }
        if key.occurrences.count > placesShown { html += "<li>+\(key.occurrences.count - placesShown) more" }
        html += "</ul>"
        if !key.recommendations.isEmpty {
            html += "<ol class=recommendations>"
            for recommendation in key.recommendations {
                // The title links to the steps, written out under the first key that needs them.
                let text = generic(recommendation.steps, hint: key.hint)
                let (id, isNew) = steps.anchor(for: text)
                html += "<li\(recommendation.action == .disableNow ? " class=disable-now" : "")><a href=#s\(id)>\(recommendation.action.title)</a> — "
                    + escape(recommendation.reason) + (isNew ? "<p class=steps id=s\(id)>\(escape(text))" : "")
            }
            html += "</ol>"
        }
        return html + "</article>\n"
    }

    /// The key's life on one line: first committed, pushed, removed from HEAD's tree, today, placed
    /// in proportion between the first commit and the audit; and the same as a list with dates.
    private static func timeline(_ exposure: KeyExposure, now: Date) -> String {
        guard let start = exposure.firstCommitted else { return "" }
        let end = Int64(now.timeIntervalSince1970)
        var events: [(label: String, time: Int64)] = [("first committed", start)]
        if let pushed = exposure.pushedSince { events.append(("pushed (a remote holds a commit of that day)", pushed)) }
        if let removed = exposure.removedTime { events.append(("removed from HEAD's tree", removed)) }
        events.append(("today\(exposure.daysExposed.map { ": \($0) days exposed" } ?? "")", end))
        let span = max(Int64(1), end - start)
        var html = "<ol class=timeline>"
        for (label, time) in events {
            let percent = max(0, min(100, Double(time - start) * 100 / Double(span)))
            html += "<li style=--at:\(Int(percent.rounded()))%><time>\(KeyExposure.day(time))</time> \(label)"
        }
        return html + "</ol>"
    }

    private static func escape(_ text: String) -> String { DisplayText.html(text) }

    private static func count(_ value: Int, _ one: String, _ many: String) -> String { "\(value) \(value == 1 ? one : many)" }

    private static let style = """
        body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:72em;padding:1em 2em;color:#1b1b1b}\
        h1{margin:.2em 0}h2{border-bottom:1px solid #ccc;margin-top:1.6em}code{font:12px ui-monospace,monospace;overflow-wrap:anywhere}\
        table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ddd;padding:2px 6px;text-align:left}\
        .matrix td{text-align:center;min-width:2em}.matrix td.on{background:#e8eefc}tr.shared th,tr.shared td.on{background:#fde2e1}\
        tr.shared b{color:#b3261e}.counts{display:flex;flex-wrap:wrap;gap:.5em}.counts div{border:1px solid #ccc;border-radius:6px;padding:.3em .8em}\
        .counts dt{font-size:12px;color:#555}.counts dd{margin:0;font-size:22px;font-weight:600}\
        td.pushed,td.maybe-pushed,b.disable-now,li.disable-now>a{color:#b3261e}.recommendations a{font-weight:600}td.local-only{color:#9a6700}\
        article{border:1px solid #ddd;border-left:6px solid #999;border-radius:6px;padding:.3em 1em;margin:1em 0;\
        content-visibility:auto;contain-intrinsic-size:auto 22em}article.pushed,article.maybe-pushed{border-left-color:#b3261e}\
        article.local-only{border-left-color:#d4a72c}\
        .timeline{position:relative;list-style:none;margin:.8em .5em .4em;padding:14px 0 0;display:flex;\
        flex-wrap:wrap;gap:.3em 1.5em;font-size:12px;background:linear-gradient(90deg,#d4a72c,#b3261e) top/100% 6px no-repeat}\
        .timeline li::before{content:"";position:absolute;top:-4px;left:var(--at);width:3px;height:14px;background:#1b1b1b}\
        .steps{margin:.2em 0 .6em;color:#333}\
        footer{margin:2em 0;color:#666;font-size:12px}
        """
}
