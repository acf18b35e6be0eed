import Foundation
import TestSupport
import Testing

@testable import KeyWarden

/// SARIF results written straight from each finding hold what the `JSONValue` results they replaced
/// held, member for member, every place and folded.
@Suite struct SARIFResultWriterTests {
    /// A report with what the plain repositories lack: a binary finding (byte offset), a base64 one,
    /// an unreachable commit, a line allowed inline, and a secret in two places.
    static func oddReport() -> ScanReport {
        var commit = FindingCommit(id: String(repeating: "ab", count: 20), authorName: "Zoë \"Z\"", authorEmail: "z@example.com",
                                   date: "2026-01-02", time: 1_700_000_000, summary: "s")
        commit.isUnreachable = true
        let key = TestKeys.runway()
        var binary = Finding(ruleID: "runway-api-key", secret: key, path: "bin/app\u{7F}.so", line: 1, column: 9, source: .history,
                             commit: commit, encoding: "binary")
        binary.byteOffset = 4_096
        let encoded = Finding(ruleID: "runway-api-key", secret: TestKeys.runway(), path: "a b/%20.env", line: 3, column: 2,
                              source: .worktree, encoding: "base64")
        var allowed = Finding(ruleID: "runway-api-key", secret: TestKeys.runway(), path: "x.env", line: 1, column: 1, source: .worktree)
        allowed.isInlineAllowed = true
        let again = Finding(ruleID: "runway-api-key", secret: key, path: "again.env", line: 7, column: 5, source: .worktree)
        var report = ScanReport()
        report.findings = [binary, encoded, again]
        report.inlineAllowed = [allowed]
        return report
    }

    static func parsed(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    static func results(of report: ScanReport, options: ReportOptions) throws -> [NSDictionary] {
        let text = ReportRenderer.render(report, format: .sarif, options: options)
        let document = try #require(try Self.parsed(text) as? [String: Any])
        let run = try #require((document["runs"] as? [[String: Any]])?.first)
        return (run["results"] as? [[String: Any]] ?? []).map { $0 as NSDictionary }
    }

    /// The results the old code made for the same report and layout.
    static func legacyResults(of report: ScanReport, options: ReportOptions, folded: Bool) throws -> [NSDictionary] {
        let plan = SARIFPlan(report: report, rules: options.rules, limits: options.codeScanningLimits)
        let used = Set(report.findings.map(\.ruleID)).union(report.inlineAllowed.map(\.ruleID))
        let ruleIndex = Dictionary(
            options.rules.rules.filter { used.contains($0.id) }.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var lineHashes = LineHashCounter()
        var values: [JSONValue] = []
        func add(_ finding: Finding, suppression: String? = nil, related: ArraySlice<Finding> = []) {
            values.append(LegacySARIFResults.result(
                for: finding, report: report, options: options, ruleIndex: ruleIndex, lineHash: lineHashes.next(for: finding),
                severity: plan.severity(of: finding.ruleID), suppression: suppression, related: related))
        }
        if folded {
            for group in plan.orderedGroups {
                let places = plan.groups[group].map { plan.finding($0, in: report) }
                add(places[0], suppression: plan.groupIsInlineAllowed(group) ? "inSource" : nil, related: places.dropFirst())
            }
        } else {
            report.findings.forEach { add($0) }
            report.inlineAllowed.forEach { add($0, suppression: "inSource") }
        }
        return try values.map { try #require(try Self.parsed($0.rendered()) as? NSDictionary) }
    }

    @Test func directResultsHoldWhatTheValueResultsHeld() throws {
        let (_, reports) = try StreamingReportTests.reports()
        var options = ReportOptions(rules: try RuleSet.defaults())
        for report in reports + [Self.oddReport()] {
            for redacts in [true, false] {
                options.redacts = redacts
                options.codeScanningLimits = .github
                let written = try Self.results(of: report, options: options)
                #expect(written.count == report.findings.count + report.inlineAllowed.count)
                #expect(written == (try Self.legacyResults(of: report, options: options, folded: false)))
                // Folded: one result per secret, the other places as related locations.
                options.codeScanningLimits = CodeScanningLimits(results: 3, gzipBytes: 10_000_000, locationsPerResult: 1_000)
                let folded = try Self.results(of: report, options: options)
                if report.findings.count + report.inlineAllowed.count > 3 {
                    #expect(folded == (try Self.legacyResults(of: report, options: options, folded: true)).prefix(folded.count).map { $0 })
                    #expect(!folded.isEmpty)
                }
            }
        }
        // The folded odd report's first result carries the secret's second place.
        #expect(try Self.results(of: Self.oddReport(), options: options).first?["relatedLocations"] != nil)
    }

    /// A report of 1,200 places (five batches, the last short, and inline-allowed ones after the
    /// findings, in the last batch and across a boundary), written on several threads, is the document
    /// one thread writes, and its results are the ones the `JSONValue` results held (line hashes
    /// counting the places of one secret in one file, across batches).
    @Test func resultsWrittenInBatchesOnSeveralThreadsAreTheDocumentOneThreadWrites() throws {
        var report = ScanReport()
        let shared = TestKeys.runway()
        report.findings = (0..<1_100).map { index in
            Finding(ruleID: "runway-api-key", secret: index % 4 == 0 ? shared : TestKeys.runway(), path: "config/\(index % 9).env",
                    line: index + 1, column: 1, source: .worktree)
        }
        report.inlineAllowed = (0..<100).map { index in
            var finding = Finding(ruleID: "runway-api-key", secret: shared, path: "config/0.env", line: 2_000 + index, column: 1, source: .worktree)
            finding.isInlineAllowed = true
            return finding
        }
        var options = ReportOptions(rules: try RuleSet.defaults())
        options.threads = 1
        let serial = ReportRenderer.render(report, format: .sarif, options: options)
        #expect(try Self.results(of: report, options: options) == (try Self.legacyResults(of: report, options: options, folded: false)))
        for threads in [2, 3, 8] {
            options.threads = threads
            #expect(ReportRenderer.render(report, format: .sarif, options: options) == serial)
        }
    }

    /// Percent-encoding on bytes, against Foundation's encoding it replaced.
    @Test func pathsArePercentEncodedAsFoundationEncodedThem() {
        var generator = SeededGenerator(seed: 7)
        let pieces = ["a", "Z", "0", " ", "%", "#", "?", ":", ";", "@", "[", "]", "~", "!", "$", "&", "'", "(", "*", "+", ",", "=",
                      "\"", "\\", "ключ", "\u{2028}", "é", "😀", "\u{7F}", "\t", "/", "//", "-", "_", "."]
        for _ in 0..<3_000 {
            let path = (0..<Int.random(in: 1...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(SARIFReport.uri(for: path) == LegacySARIFResults.uri(for: path), "\(path)")
        }
    }
}
