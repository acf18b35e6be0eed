import Foundation

/// SARIF 2.1.0, as GitHub code scanning reads it
/// (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning):
/// regions with start and end in UTF-16 code units, `primaryLocationLineHash` beside keywarden's own
/// fingerprint, each rule's `security-severity`, `helpUri` and Markdown help.
///
/// GitHub rejects a run of more than 25,000 results or a file over 10 MB gzip-compressed. A report
/// over either limit is written with one result per secret, its other places as related locations
/// (at most 1,000 each); if that is still too much, the most severe secrets are kept. Either way a
/// notification of the run says so, and `run.properties.keywardenLimits` counts what was folded or
/// left out.
enum SARIFReport {
    static let toolVersion = KeyWardenVersion.current
    /// Below this many results a report cannot reach 10 MB gzip-compressed, so it is not measured first.
    static let measuredFrom = 2_000

    /// How the findings become results.
    struct Layout {
        /// One result per secret (fingerprint), the other places as related locations.
        var folds: Bool
        /// How many secrets are kept, most severe first; nil: all.
        var keptSecrets: Int?
        static let everyPlace = Layout(folds: false, keptSecrets: nil)
    }

    /// Written result by result: only one result's value is built at a time. A report that may be
    /// over GitHub's limits is measured gzip-compressed: written to a file, it is measured as it is
    /// written (at zlib's fastest level, on the second core; one that count puts over the limit is
    /// measured again as uploaded) and written again folded only when it does not fit; written to
    /// standard output, it is first written to a gzip size counter, once per layout tried.
    static func write(_ report: ScanReport, options: ReportOptions, to output: ReportOutput) {
        let plan = SARIFPlan(report: report, rules: options.rules, limits: options.codeScanningLimits)
        let results = report.findings.count + report.inlineAllowed.count + (report.suppressingChange == nil ? 0 : 1)
        let resultLimit = options.codeScanningLimits.results
        if results <= resultLimit && results >= min(measuredFrom, resultLimit) && output.startCountingGzip() {
            render(report, options: options, plan: plan, layout: .everyPlace, to: output)
            if let estimate = output.countedGzipSize() {
                if estimate <= options.codeScanningLimits.gzipBytes { return }
                // Counted at the fastest level, which compresses less than the upload will: over the
                // limit by that count, the document is measured as uploaded before it is folded.
                if fits(report, options, plan, .everyPlace).fits { return }
            }
            if output.takeBack() {
                render(report, options: options, plan: plan, layout: foldedLayout(report, options: options, plan: plan), to: output)
            }
            return
        }
        let layout = chooseLayout(report, options: options, plan: plan, results: results)
        render(report, options: options, plan: plan, layout: layout, to: output)
    }

    private static func chooseLayout(_ report: ScanReport, options: ReportOptions, plan: SARIFPlan, results: Int) -> Layout {
        let resultLimit = options.codeScanningLimits.results
        if results <= resultLimit && (results < min(measuredFrom, resultLimit) || fits(report, options, plan, .everyPlace).fits) {
            return .everyPlace
        }
        return foldedLayout(report, options: options, plan: plan)
    }

    /// One result per secret, and as many secrets as fit.
    private static func foldedLayout(_ report: ScanReport, options: ReportOptions, plan: SARIFPlan) -> Layout {
        let resultLimit = options.codeScanningLimits.results
        let gzipLimit = options.codeScanningLimits.gzipBytes
        var layout = Layout(folds: true, keptSecrets: nil)
        if plan.groups.count > resultLimit - 1 { layout.keptSecrets = resultLimit - 1 }
        // Each try scales the kept secrets by how far the last one was over; a few tries at most.
        for _ in 0..<8 {
            let (fits, size) = fits(report, options, plan, layout)
            if fits { return layout }
            let kept = layout.keptSecrets ?? plan.groups.count
            let scaled = Int(Double(kept) * Double(gzipLimit) / Double(max(size, 1)) * 0.95)
            layout.keptSecrets = max(0, min(kept - 1, scaled))
            if layout.keptSecrets == 0 { return layout }
        }
        return layout
    }

    private static func fits(_ report: ScanReport, _ options: ReportOptions, _ plan: SARIFPlan, _ layout: Layout) -> (fits: Bool, size: UInt64) {
        guard let counter = ReportOutput.gzipSizeCounter() else { return (true, 0) }
        render(report, options: options, plan: plan, layout: layout, to: counter)
        guard (try? counter.finish()) != nil else { return (true, 0) }
        return (counter.gzipSize <= options.codeScanningLimits.gzipBytes, counter.gzipSize)
    }

    private static func render(
        _ report: ScanReport, options: ReportOptions, plan: SARIFPlan, layout: Layout, to output: ReportOutput
    ) {
        let usedRuleIDs = Set(report.findings.map(\.ruleID)).union(report.inlineAllowed.map(\.ruleID))
        let rules = options.rules.rules.filter { usedRuleIDs.contains($0.id) }
        var driverRules = rules.map(driverRule)
        var ruleIndex = Dictionary(rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        if report.suppressingChange != nil {
            ruleIndex[suppressingChangeRuleID] = driverRules.count
            driverRules.append(suppressingChangeRule)
        }
        let folding = layout.folds ? plan.folding(layout, report: report) : nil
        var writer = JSONStreamWriter(to: output)
        writer.beginObject()
        writer.member("$schema", "https://json.schemastore.org/sarif-2.1.0.json")
        writer.key("runs")
        writer.beginArray()
        writer.beginObject()
        writer.member("columnKind", "utf16CodeUnits")
        // What was not scanned for its size, and what did not fit GitHub's limits: notifications of
        // the run, not results (nothing was found there, or it is reported elsewhere).
        var notifications: [JSONValue] = report.statistics.sizeSkips.map { skip in
            [
                "level": "warning", "message": ["text": .string(skip.sentence)],
                "locations": [["physicalLocation": ["artifactLocation": ["uri": .string(uri(for: skip.path))]]]],
            ]
        }
        if let folding { notifications.append(["level": "warning", "message": ["text": .string(folding.sentence)]]) }
        if !notifications.isEmpty {
            writer.member("invocations", [["executionSuccessful": true, "toolExecutionNotifications": .array(notifications)]])
        }
        var properties: [String: JSONValue] = [:]
        if let folding { properties["keywardenLimits"] = folding.json }
        if let policy = report.policy { properties["keywardenPolicy"] = JSONReport.policy(policy) }
        if !properties.isEmpty { writer.member("properties", .object(properties)) }
        writer.key("results")
        writer.beginArray()
        if let change = report.suppressingChange {
            writer.value(result(for: change, ruleIndex: ruleIndex))
        }
        var lineHashes = LineHashCounter()
        if layout.folds {
            for group in plan.orderedGroups.prefix(layout.keptSecrets ?? plan.groups.count) {
                // The primary place and as many related ones as a result may hold: a secret found in
                // 26,000 places does not copy all of them.
                let places = plan.groups[group].prefix(options.codeScanningLimits.locationsPerResult + 1).map { plan.finding($0, in: report) }
                let primary = places[0]
                writeResult(
                    for: primary, report: report, options: options, ruleIndex: ruleIndex, lineHash: lineHashes.next(for: primary),
                    severity: plan.severity(of: primary.ruleID),
                    suppression: plan.groupIsInlineAllowed(group) ? "inSource" : nil,
                    related: places.dropFirst(), to: &writer)
            }
        } else {
            // A place's line hash counts the places of its secret in its file before it: worked out in
            // order first, so that the results can be written in batches on several threads.
            let lineHash = report.findings.map { lineHashes.next(for: $0) } + report.inlineAllowed.map { lineHashes.next(for: $0) }
            let (findings, ruleIndex) = (report.findings.count, ruleIndex)
            writer.elements(of: 0..<lineHash.count, threads: options.threads) { index, writer in
                // The inline-allowed findings are kept, not dropped: code scanning shows them as
                // suppressed in the source.
                let finding = index < findings ? report.findings[index] : report.inlineAllowed[index - findings]
                writeResult(
                    for: finding, report: report, options: options, ruleIndex: ruleIndex, lineHash: lineHash[index],
                    severity: plan.severity(of: finding.ruleID), suppression: index < findings ? nil : "inSource", to: &writer)
            }
        }
        writer.end()
        writer.key("tool")
        writer.value(["driver": [
            "name": "keywarden", "version": .string(toolVersion), "semanticVersion": .string(toolVersion),
            "informationUri": "https://github.com/keywarden/keywarden", "rules": .array(driverRules),
        ]])
        writer.end()
        writer.end()
        writer.member("version", "2.1.0")
        writer.end()
        writer.finishDocument()
    }

    /// One finding's result, written straight from its values (no `JSONValue` is built for it);
    /// members in sorted order, as every object of keywarden's JSON.
    private static func writeResult(
        for finding: Finding, report: ScanReport, options: ReportOptions, ruleIndex: [String: Int], lineHash: String,
        severity: RuleSeverity, suppression: String? = nil, related: ArraySlice<Finding> = [], to writer: inout JSONStreamWriter
    ) {
        let shown = options.redacts ? finding.redacted : finding.secret
        var message = "\(finding.ruleDescription.isEmpty ? finding.ruleID : finding.ruleDescription) \(shown) in \(place(of: finding))"
        if !related.isEmpty { message += ", and in \(related.count) other place\(related.count == 1 ? "" : "s") (related locations)" }
        writer.beginObject()
        writer.member("level", level(of: severity))
        writer.beginArray("locations")
        writeLocation(of: finding, to: &writer)
        writer.end()
        writeMessage(message, to: &writer)
        writer.beginObject("partialFingerprints")
        writer.member("keywardenSecret/v1", finding.fingerprint)
        writer.member("primaryLocationLineHash", lineHash)
        writer.end()
        writer.beginObject("properties")
        if let commit = finding.commit {
            writer.member("author", commit.authorName)
            writer.member("commit", commit.id)
            writer.member("date", commit.date)
            writer.member("email", commit.authorEmail)
        }
        if let encoding = finding.encoding { writer.member("encoding", encoding) }
        writer.member("liveness", (report.liveness[finding.secretSha256]?.liveness ?? .unchecked).rawValue)
        writer.member("redacted", finding.redacted)
        writer.member("secretSha256", finding.secretSha256)
        writer.member("source", finding.source.rawValue)
        if finding.commit?.isUnreachable == true { writer.member("unreachable", true) }
        writer.end()
        if !related.isEmpty {
            writer.beginArray("relatedLocations")
            for (index, other) in related.enumerated() {
                writeLocation(of: other, id: index + 1, message: "also in \(place(of: other))", to: &writer)
            }
            writer.end()
        }
        writer.member("ruleId", finding.ruleID)
        if let index = ruleIndex[finding.ruleID] { writer.member("ruleIndex", index) }
        if let suppression {
            writer.beginArray("suppressions")
            writer.beginObject()
            writer.member("kind", suppression)
            writer.end()
            writer.end()
        }
        writer.end()
    }

    private static func writeMessage(_ text: String, to writer: inout JSONStreamWriter) {
        writer.beginObject("message")
        writer.member("text", text)
        writer.end()
    }

    /// "app/.env", or "app/.env in commit 1a2b3c4d5e6f".
    private static func place(of finding: Finding) -> String {
        finding.commit.map { "\(finding.path) in commit \($0.id.prefix(12))" } ?? finding.path
    }

    private static func level(of severity: RuleSeverity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low: "note"
        }
    }

    /// A finding's place: a location of `locations`, or with an id and a message one of
    /// `relatedLocations`.
    private static func writeLocation(of finding: Finding, id: Int? = nil, message: String? = nil, to writer: inout JSONStreamWriter) {
        writer.beginObject()
        if let id { writer.member("id", id) }
        if let message { writeMessage(message, to: &writer) }
        writer.beginObject("physicalLocation")
        writer.beginObject("artifactLocation")
        writer.member("uri", uri(for: finding.path))
        writer.end()
        writeRegion(of: finding, to: &writer)
        writer.end()
        writer.end()
    }

    /// Where the secret starts and ends, in lines and UTF-16 code units (the end column is the one
    /// after its last character); for binary content the byte offset and length as well.
    private static func writeRegion(of finding: Finding, to writer: inout JSONStreamWriter) {
        let startColumn = finding.utf16Column ?? finding.column
        var endLine = finding.line
        var endColumn = startColumn
        // A secret of printable ASCII on one line (nearly every one) is as many code units as bytes.
        let oneASCIILine: Int? = finding.secret.withUTF8Buffer { bytes in
            bytes.allSatisfy { $0 >= 0x20 && $0 < 0x80 } ? bytes.count : nil
        }
        if let units = oneASCIILine {
            endColumn += units
        } else {
            for unit in finding.secret.utf16 {
                if unit == 0x0A {
                    endLine += 1
                    endColumn = 1
                } else {
                    endColumn += 1
                }
            }
        }
        writer.beginObject("region")
        if let offset = finding.byteOffset {
            writer.member("byteLength", finding.secret.utf8.count)
            writer.member("byteOffset", offset)
        }
        writer.member("endColumn", max(endColumn, endLine == finding.line ? startColumn + 1 : 1))
        writer.member("endLine", endLine)
        writer.member("startColumn", startColumn)
        writer.member("startLine", finding.line)
        writer.end()
    }

    static let suppressingChangeRuleID = "keywarden/suppressing-change"

    private static let suppressingChangeRule: JSONValue = [
        "id": .string(suppressingChangeRuleID),
        "name": "SuppressingChange",
        "shortDescription": ["text": "A change that hides findings"],
        "fullDescription": [
            "text": "The checked commits change the configuration, ignore file or baseline so that findings the trusted side reports would no longer be reported."
        ],
        "help": ["text": "Review the change to the configuration, ignore file or baseline; accept it with --trust-changed-config only if it is meant."],
        "defaultConfiguration": ["level": "error"],
        "properties": ["tags": ["security", "secret"], "security-severity": "9.0"],
    ]

    /// The result for a change that hides findings, placed on the first file it changes.
    private static func result(for change: SuppressingChange, ruleIndex: [String: Int]) -> JSONValue {
        var result: [String: JSONValue] = [
            "ruleId": .string(suppressingChangeRuleID),
            "level": change.isAccepted ? "note" : "error",
            "message": ["text": .string(change.sentence)],
            "locations": [[
                "physicalLocation": [
                    "artifactLocation": ["uri": .string(uri(for: change.files.first ?? Configuration.fileName))],
                    "region": ["startLine": 1],
                ]
            ]],
            "partialFingerprints": [
                "keywardenSuppressingChange/v1": .string(change.files.joined(separator: ",") + ":" + change.hiddenFindings.map(\.fingerprint).sorted().joined(separator: ","))
            ],
            "properties": ["hiddenFindings": .array(change.hiddenFindings.map { .string($0.fingerprint) })],
        ]
        if let index = ruleIndex[suppressingChangeRuleID] { result["ruleIndex"] = .integer(index) }
        return .object(result)
    }

    private static func driverRule(_ rule: Rule) -> JSONValue {
        let description = rule.description.isEmpty ? rule.id : rule.description
        let remediation = rule.remediation.isEmpty ? "Revoke the secret and remove it from the code." : rule.remediation
        var entry: [String: JSONValue] = [
            "id": .string(rule.id),
            "name": .string(ruleName(rule.id)),
            "shortDescription": ["text": .string(description)],
            "fullDescription": ["text": "\(description) (\(rule.provider.isEmpty ? "generic" : rule.provider))"],
            "help": ["text": .string(remediation), "markdown": .string(helpMarkdown(rule, description: description, remediation: remediation))],
            "defaultConfiguration": ["level": .string(level(of: rule.effectiveSeverity))],
            "properties": [
                "tags": JSONValue(Array((["security", "secret"] + rule.tags).prefix(20))),
                "security-severity": .string(rule.effectiveSeverity.score),
                "precision": .string(rule.tags.contains("generic") ? "medium" : "high"),
            ],
        ]
        if let uri = helpURI(of: rule) { entry["helpUri"] = .string(uri) }
        return .object(entry)
    }

    /// The rule's own page, else for a built-in rule its rule file in keywarden's repository.
    static func helpURI(of rule: Rule) -> String? {
        if let uri = rule.helpURI { return uri }
        guard rule.origin.hasPrefix("rules/") else { return nil }
        return "https://github.com/keywarden/keywarden/blob/main/\(rule.origin)"
    }

    private static func helpMarkdown(_ rule: Rule, description: String, remediation: String) -> String {
        var lines = ["**\(DisplayText.markdownProse(description))**" + (rule.provider.isEmpty ? "" : " (\(DisplayText.markdownProse(rule.provider)))"), ""]
        lines.append("**What to do now:** \(DisplayText.markdownProse(remediation))")
        lines.append("")
        lines.append("Removing the secret from the code does not make it safe: it stays in the git history of every clone. "
            + "Revoke or rotate it first. A finding that is not a secret: add its fingerprint "
            + "(`partialFingerprints.keywardenSecret/v1`) to `.keywardenignore` with a reason, or end its line with "
            + "`keywarden:allow`.")
        return lines.joined(separator: "\n")
    }

    /// "runway-api-key" → "RunwayApiKey" (SARIF's `name` is an identifier-like form).
    static func ruleName(_ id: String) -> String {
        id.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// A relative URI reference for a repository path: each segment percent-encoded, keeping
    /// what RFC 3986 lets a path segment hold except `:;@` (and `/` between segments). Worked on
    /// the path's UTF-8 bytes, each byte of a non-ASCII character as its own `%XX`.
    static func uri(for path: String) -> String {
        keptInSegment.withUnsafeBufferPointer { kept in
            let isKept = { (byte: UInt8) in kept[Int(byte)] || byte == UInt8(ascii: "/") }
            // Most paths need no escape: the path is its own URI.
            if path.withUTF8Buffer({ $0.allSatisfy(isKept) }) { return path }
            var encoded: [UInt8] = []
            encoded.reserveCapacity(path.utf8.count + 8)
            let hex = Array("0123456789ABCDEF".utf8)
            for byte in path.utf8 {
                if isKept(byte) {
                    encoded.append(byte)
                } else {
                    encoded += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
                }
            }
            return String(decoding: encoded, as: UTF8.self)
        }
    }

    /// For each byte, whether a segment keeps it as it is: letters, digits, `-._~!$&'()*+,=`.
    private static let keptInSegment: [Bool] = (0..<256).map { byte in
        guard let scalar = Unicode.Scalar(UInt32(byte)), byte < 0x80 else { return false }
        return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
            || ("0"..."9").contains(scalar) || "-._~!$&'()*+,=".unicodeScalars.contains(scalar)
    }
}
