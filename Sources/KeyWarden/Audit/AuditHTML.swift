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
    /// At most this many shared keys in a matrix, and this many keys in the most-urgent table; every
    /// key has its own section below.
    static let matrixRows = 1_000
    /// Keys with a single value listed in a matrix after the shared ones; the rest are counted per column.
    static let matrixSingleRows = 250
    /// Keys in the most-urgent table.
    static let urgentRows = 250
    /// Places listed per key before "+N more".
    static let placesShown = 4

    public static func render(_ report: AuditReport, now: Date = Date()) -> String {
        let output = ReportOutput.inMemory()
        write(report, to: output, now: now)
        return output.text
    }

    public static func write(_ report: AuditReport, to output: ReportOutput, now: Date = Date()) {
        let today = DayDate.format(now)
        let needing = report.keys.count { !$0.actions.isEmpty }
        var memory = PageMemory(report.keys)
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
        page += summary(report, needing: needing, sharedDoubts: memory.sharedDoubts)
        output.write(page)
        output.write(matrix(report, title: "Keys × environments", id: "environments", values: \.environments, empty: "no environment known"))
        output.write(matrix(report, title: "Keys × owners", id: "owners", values: \.owners, empty: "no owner known"))
        output.write("<section id=\"keys\"><h2>Keys, most urgent first</h2>\n")
        for (number, key) in report.keys.enumerated() {
            output.write(section(for: key, number: number + 1, report: report, now: now, memory: &memory))
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

    private static func summary(_ report: AuditReport, needing: Int, sharedDoubts: Set<String>) -> String {
        var byReach: [KeyExposure.Reach: Int] = [:]
        var byAction: [Recommendation.Action: Int] = [:]
        var shared = 0
        for key in report.keys {
            byReach[key.exposure.reach, default: 0] += 1
            for action in Set(key.actions) { byAction[action, default: 0] += 1 }
            if key.actions.contains(.replaceShared) { shared += 1 }
        }
        var html = "<section id=\"summary\"><h2>Summary</h2><dl class=\"counts\">"
        html += fact("keys", report.keys.count, "keys found")
        html += fact("need-action", needing, "need action")
        for reach in KeyExposure.Reach.allCases { html += fact(reach.rawValue, byReach[reach] ?? 0, reachTitle(reach)) }
        html += fact("shared", shared, "shared keys")
        html += "</dl>"
        if !sharedDoubts.isEmpty {
            html += "<p>Every key counted as maybe pushed: \(escape(sharedDoubts.sorted().joined(separator: "; "))).</p>"
        }
        html += "<h3>Actions, most urgent first</h3><ol class=\"actions\">"
        for action in Recommendation.Action.allCases.sorted() {
            html += "<li data-action=\"\(action.rawValue)\"><b>\(action.title)</b>: <span class=\"n\">\(byAction[action] ?? 0)</span> "
                + "key\(byAction[action] == 1 ? "" : "s")</li>"
        }
        html += "</ol>"
        if !report.keys.isEmpty {
            html += "<h3>Most urgent</h3><table class=\"urgent\"><thead><tr><th>#</th><th>key</th><th>most urgent</th><th>exposure</th><th>days exposed</th><th>environments</th><th>owners</th></tr></thead><tbody>"
            for (number, key) in report.keys.prefix(urgentRows).enumerated() {
                html += "<tr><td>\(number + 1)</td><td><a href=\"#key-\(number + 1)\"><code>\(escape(key.hint))</code></a></td>"
                    + "<td>\(key.mostUrgent.map { "<b class=\"\($0.rawValue)\">\($0.title)</b>" } ?? "none")</td>"
                    + "<td class=\"\(key.exposure.reach.rawValue)\">\(key.exposure.reach.rawValue)</td>"
                    + "<td>\(key.exposure.daysExposed.map(String.init) ?? "—")</td>"
                    + "<td>\(escape(key.environments.joined(separator: ", ")))</td><td>\(escape(key.owners.joined(separator: ", ")))</td></tr>"
            }
            html += "</tbody></table>"
            if report.keys.count > urgentRows {
                html += "<p>… and \(report.keys.count - urgentRows) more keys, each in its section below.</p>"
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

    /// Keys × the values of one fact (environments or owners): one column per value, the most common
    /// first; one row per shared key (more than one value), marked, then keys with one value, and a
    /// last row counting per column the keys beyond the caps.
    private static func matrix(_ report: AuditReport, title: String, id: String, values: KeyPath<KeyAudit, [String]>, empty: String) -> String {
        var frequency: [String: Int] = [:]
        for key in report.keys { for value in key[keyPath: values] { frequency[value, default: 0] += 1 } }
        var html = "<section id=\"\(id)\" class=\"matrix\"><h2>\(title)</h2>"
        guard !frequency.isEmpty else { return html + "<p>\(empty).</p></section>\n" }
        let columns = frequency.keys.sorted { (-frequency[$0]!, $0) < (-frequency[$1]!, $1) }
        let shown = Array(columns.prefix(matrixColumns))
        let column = Dictionary(uniqueKeysWithValues: shown.enumerated().map { ($1, $0) })
        let hasOther = columns.count > shown.count
        // Rows by index into the keys: a page of many keys copies none of them.
        let sharedRows = report.keys.indices.filter { report.keys[$0][keyPath: values].count > 1 }
        let singleRows = report.keys.indices.filter { report.keys[$0][keyPath: values].count == 1 }
        let rows = sharedRows.prefix(matrixRows) + singleRows.prefix(matrixSingleRows)
        html += "<table><thead><tr><th>key</th>"
        for value in shown { html += "<th>\(escape(value))</th>" }
        if hasOther { html += "<th>other (\(columns.count - shown.count))</th>" }
        html += "</tr></thead><tbody>"
        /// The columns a key ticks among those shown, and how many of its values are in "other".
        func ticks(_ key: KeyAudit) -> (cells: [Bool], other: Int) {
            var cells = [Bool](repeating: false, count: shown.count)
            var other = 0
            for value in key[keyPath: values] {
                if let position = column[value] { cells[position] = true } else { other += 1 }
            }
            return (cells, other)
        }
        for index in rows {
            let key = report.keys[index]
            let shared = key[keyPath: values].count > 1
            let (cells, other) = ticks(key)
            html += "<tr\(shared ? " class=\"shared\"" : "")><th><a href=\"#key-\(index + 1)\"><code>\(escape(key.hint))</code></a>"
                + "\(shared ? " <b>shared</b>" : "")</th>"
            for cell in cells { html += cell ? "<td class=\"on\">●</td>" : "<td></td>" }
            if hasOther { html += other > 0 ? "<td class=\"on\">\(other)</td>" : "<td></td>" }
            html += "</tr>"
        }
        // The keys not listed, counted per column: each is in its section below.
        let unlisted = sharedRows.dropFirst(matrixRows) + singleRows.dropFirst(matrixSingleRows)
        if !unlisted.isEmpty {
            var counts = [Int](repeating: 0, count: shown.count)
            var other = 0
            for index in unlisted {
                let (cells, others) = ticks(report.keys[index])
                for (position, ticked) in cells.enumerated() where ticked { counts[position] += 1 }
                other += others > 0 ? 1 : 0
            }
            html += "<tr class=\"more\"><th>\(unlisted.count) more keys (\(sharedRows.count - min(sharedRows.count, matrixRows)) shared)</th>"
            for count in counts { html += "<td>\(count)</td>" }
            if hasOther { html += "<td>\(other)</td>" }
            html += "</tr>"
        }
        html += "</tbody></table>"
        return html + "</section>\n"
    }

    // MARK: - One key

    /// What the key sections have already said, so that a page of many keys says each thing once:
    /// the steps of a recommendation (most are the same for many keys) are written, with the reason,
    /// under the first key that needs them, and later keys link there, leaving out their reason when
    /// it is the one written there; and the doubts every maybe-pushed key shares are said once in the
    /// summary.
    struct PageMemory {
        /// Each steps text written so far: its anchor and the reason written with it.
        private var anchors: [String: (id: Int, reason: String)] = [:]
        /// The uncertainties every maybe-pushed key has, said in the summary instead of under each key.
        let sharedDoubts: Set<String>

        init(_ keys: [KeyAudit]) {
            let doubtful = keys.compactMap { $0.exposure.reach == .maybePushed ? Set($0.exposure.uncertainty) : nil }
            sharedDoubts = doubtful.count > 1 ? doubtful.dropFirst().reduce(doubtful[0]) { $0.intersection($1) } : []
        }

        /// The anchor of `steps`; whether they are new (then the caller writes them out under that
        /// anchor, with `reason`); and whether `reason` is the one already written there.
        mutating func anchor(for steps: String, reason: String) -> (id: Int, isNew: Bool, reasonIsThere: Bool) {
            if let known = anchors[steps] { return (known.id, false, known.reason == reason) }
            let id = anchors.count + 1
            anchors[steps] = (id, reason)
            return (id, true, false)
        }
    }

    /// The steps as they read for any key: the hint becomes "this key", since the section's heading names it.
    static func generic(_ steps: String, hint: String) -> String {
        replacing(hint, with: "this key", in: replacing("the hint \(hint)", with: "its hint", in: replacing("the key \(hint)", with: "this key", in: steps)))
    }

    /// `text` with each occurrence of `target` (left to right, not overlapping) replaced, compared
    /// byte for byte: every section of a page of 20,000 keys asks this, and Foundation's
    /// `replacingOccurrences` took half of such a page's time.
    static func replacing(_ target: String, with replacement: String, in text: String) -> String {
        let pattern = Array(target.utf8)
        let bytes = Array(text.utf8)
        guard let first = pattern.first, bytes.count >= pattern.count else { return text }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == first && index + pattern.count <= bytes.count
                && bytes[index..<(index + pattern.count)].elementsEqual(pattern)
            {
                result += replacement.utf8
                index += pattern.count
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// One key's section, in few elements and few words (a page of 20,000 keys costs the browser what
    /// it has to parse): how far the key got and its timeline are one paragraph whose bar the style
    /// draws, the places are the lines of one `<pre>`, an unknown environment goes unsaid (the matrix
    /// lists the keys that have one), and optional end tags are left out.
    private static func section(for key: KeyAudit, number: Int, report: AuditReport, now: Date, memory: inout PageMemory) -> String {
        let exposure = key.exposure
        var html = "<article id=key-\(number) class=\(exposure.reach.rawValue)>"
        html += "<h3>\(number). \(escape(key.hint)) \(escape(key.description.isEmpty ? key.ruleID : key.description))</h3><p>"
        html += key.inventory.map {
            "inventory <b>\(escape($0.id))</b>\($0.name.isEmpty ? "" : " (portal name “\(escape($0.name))”)"), \(escape($0.status.rawValue))"
        } ?? "unknown to the inventory"
        if !key.environments.isEmpty { html += " · environments: \(escape(key.environments.joined(separator: ", ")))" }
        html += " · owners: \(key.owners.isEmpty ? "unknown" : escape(key.owners.joined(separator: ", ")))"
        html += timeline(exposure, now: now, sharedDoubts: memory.sharedDoubts)
        if let liveness = key.liveness { html += "<p>liveness: \(escape(liveness.summary))" }
        if let note = key.note { html += "<p>note: \(escape(SecretScrubber.scrubbed(note)))" }
        html += "<pre>" + places(of: key, report: report).map(escape).joined(separator: "\n") + "</pre>"
        let recommendations = key.recommendations
        if !recommendations.isEmpty {
            html += "<ol>"
            for recommendation in recommendations {
                // The title links to the steps, written out (with their reason) under the first key that needs them.
                let steps = generic(recommendation.steps, hint: key.hint)
                let reason = generic(recommendation.reason, hint: key.hint)
                let (id, isNew, reasonIsThere) = memory.anchor(for: steps, reason: reason)
                html += "<li\(isNew ? " id=s\(id)" : "")\(recommendation.action == .disableNow ? " class=disable-now" : "")>"
                    + "<a href=#s\(id)>\(recommendation.action.title)</a>"
                if !reasonIsThere { html += " — " + escape(reason) }
                if isNew { html += "<p class=steps>\(escape(steps))" }
            }
            html += "</ol>"
        }
        return html + "</article>\n"
    }

    /// A key's places, one line each (at most `placesShown`): where, and for a commit which one, by
    /// whom, when and who holds it; a working-tree copy at the same place is said on that line.
    private static func places(of key: KeyAudit, report: AuditReport) -> [String] {
        let several = report.repositories.count > 1
        func location(_ occurrence: KeyOccurrence) -> String {
            "\(several ? occurrence.repository + ": " : "")\(occurrence.path):\(occurrence.line)"
        }
        let committed = Set(key.occurrences.filter { $0.commit != nil }.map(location))
        let copiedInWorkingTree = Set(key.occurrences.filter { $0.commit == nil }.map(location)).intersection(committed)
        var lines: [String] = []
        var saidInWorkingTree: Set<String> = []
        for occurrence in key.occurrences {
            let place = location(occurrence)
            guard let commit = occurrence.commit else {
                if !committed.contains(place) { lines.append("\(place) working tree") }
                continue
            }
            // The author is named unless the line above already does as the key's only owner.
            let author = occurrence.authorEmail.map { key.owners == [$0] ? "" : " " + $0 } ?? " ?"
            var line = "\(place) \(commit.prefix(12))\(author) \(occurrence.date?.prefix(10) ?? "?")"
            if let held = occurrence.exposure {
                let holders = held.remotes.map { "remote \($0)" } + held.localPlaces + (held.tags ? ["a tag"] : [])
                if !holders.isEmpty { line += " — " + holders.joined(separator: ", ") }
            }
            if copiedInWorkingTree.contains(place), saidInWorkingTree.insert(place).inserted { line += "; working tree" }
            lines.append(line)
        }
        if lines.count > placesShown { return lines.prefix(placesShown) + ["+\(lines.count - placesShown) more"] }
        return lines
    }

    /// How far the key got, where it still is, and its life in days, as one paragraph; above it a bar
    /// from the first commit to the audit on which the style marks when it was pushed (`--p`) and
    /// removed from HEAD's tree (`--r`), in proportion.
    private static func timeline(_ exposure: KeyExposure, now: Date, sharedDoubts: Set<String>) -> String {
        var words: String
        if exposure.reach == .maybePushed {
            let own = exposure.uncertainty.filter { !sharedDoubts.contains($0) }
            words = "may have been pushed" + (own.isEmpty ? "" : " (\(own.joined(separator: "; ")))")
        } else {
            words = exposure.reachDescription
        }
        if !exposure.presence.isEmpty { words += "; " + exposure.presence }
        guard let start = exposure.firstCommitted else { return "<p>" + escape(words) }
        words += " · first committed \(KeyExposure.day(start))"
        if let days = exposure.daysExposed { words += " · \(days) day\(days == 1 ? "" : "s") exposed" }
        let span = max(Int64(1), Int64(now.timeIntervalSince1970) - start)
        func at(_ time: Int64) -> Int { Int(max(0, min(100, Double(time - start) * 100 / Double(span))).rounded()) }
        let marks = [exposure.pushedSince.map { "--p:\(at($0))%" }, exposure.removedTime.map { "--r:\(at($0))%" }].compactMap { $0 }
        return "<p class=timeline\(marks.isEmpty ? "" : " style=" + marks.joined(separator: ";"))>" + escape(words)
    }

    private static func escape(_ text: String) -> String { DisplayText.html(text) }

    private static func count(_ value: Int, _ one: String, _ many: String) -> String { "\(value) \(value == 1 ? one : many)" }

    private static let style = """
        body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:72em;padding:1em 2em;color:#1b1b1b}\
        h1{margin:.2em 0}h2{border-bottom:1px solid #ccc;margin-top:1.6em}code{font:12px ui-monospace,monospace;overflow-wrap:anywhere}\
        table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ddd;padding:2px 6px;text-align:left}\
        .matrix{overflow-x:auto}table code{white-space:nowrap}.matrix td{text-align:center;min-width:2em}.matrix td.on{background:#e8eefc}tr.shared th,tr.shared td.on{background:#fde2e1}\
        tr.shared b{color:#b3261e}tr.more th,tr.more td{font-weight:400;color:#555}.counts{display:flex;flex-wrap:wrap;gap:.5em}.counts div{border:1px solid #ccc;border-radius:6px;padding:.3em .8em}\
        .counts dt{font-size:12px;color:#555}.counts dd{margin:0;font-size:22px;font-weight:600}\
        td.pushed,td.maybe-pushed,b.disable-now,li.disable-now>a{color:#b3261e}article ol a{font-weight:600}td.local-only{color:#9a6700}\
        article{border:1px solid #ddd;border-left:6px solid #999;border-radius:6px;padding:.3em 1em;margin:1em 0;\
        content-visibility:auto;contain-intrinsic-size:auto 22em}article.pushed,article.maybe-pushed{border-left-color:#b3261e}\
        article.local-only{border-left-color:#d4a72c}\
        .timeline{margin:.6em 0 .4em;padding-top:16px;font-size:12px;background:\
        linear-gradient(#1b1b1b,#1b1b1b) var(--p,-9px) 0/3px 14px no-repeat,linear-gradient(#1b1b1b,#1b1b1b) var(--r,-9px) 0/3px 14px no-repeat,\
        linear-gradient(#1b1b1b,#1b1b1b) 0 0/3px 14px no-repeat,linear-gradient(#1b1b1b,#1b1b1b) 100% 0/3px 14px no-repeat,\
        linear-gradient(90deg,#d4a72c,#b3261e) 0 4px/100% 6px no-repeat}\
        article pre{font:12px ui-monospace,monospace;white-space:pre-wrap;overflow-wrap:anywhere;margin:.4em 0}\
        article h3{font-weight:600}\
        .steps{margin:.2em 0 .6em;color:#333}\
        footer{margin:2em 0;color:#666;font-size:12px}
        """
}
