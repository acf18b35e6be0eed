import Foundation
@testable import KeyWarden
import TestSupport
import Testing

/// The SARIF writer's folding under lowered limits: which secrets are kept when even one result per
/// secret is too many.
@Suite struct SARIFFoldingTests {
    static func finding(rule: String, secret: String, line: Int) -> Finding {
        Finding(ruleID: rule, secret: secret, path: "app.env", line: line, column: 1, source: .worktree)
    }

    static func results(_ report: ScanReport, limits: CodeScanningLimits) throws -> (results: [[String: Any]], properties: [String: Any]) {
        var options = ReportOptions(rules: try RuleSet.defaults())
        options.codeScanningLimits = limits
        let text = ReportRenderer.render(report, format: .sarif, options: options)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let run = try #require((document["runs"] as? [[String: Any]])?.first)
        return (run["results"] as? [[String: Any]] ?? [], run["properties"] as? [String: Any] ?? [:])
    }

    @Test func underTheLimitsEveryPlaceIsAResult() throws {
        var report = ScanReport()
        let key = TestKeys.runway()
        report.findings = (1...5).map { Self.finding(rule: "runway-api-key", secret: key, line: $0) }
        let (results, properties) = try Self.results(report, limits: .github)
        #expect(results.count == 5)
        #expect(properties["keywardenLimits"] == nil)
    }

    @Test func tooManySecretsKeepsTheMostSevereFirst() throws {
        var report = ScanReport()
        // Ten generic secrets (medium) first in the report, then three Runway keys (critical).
        for index in 0..<10 { report.findings.append(Self.finding(rule: "generic-api-key", secret: TestKeys.random(20, from: "abcdefghijklmnopqrstuvwxyz0123456789"), line: index + 1)) }
        for index in 0..<3 {
            let key = TestKeys.runway()
            report.findings.append(Self.finding(rule: "runway-api-key", secret: key, line: 20 + index))
            report.findings.append(Self.finding(rule: "runway-api-key", secret: key, line: 40 + index))
        }
        let (results, properties) = try Self.results(report, limits: CodeScanningLimits(results: 5, gzipBytes: 10_000_000, locationsPerResult: 1_000))
        #expect(results.count == 4)
        #expect(results.prefix(3).allSatisfy { $0["ruleId"] as? String == "runway-api-key" })
        #expect(results.prefix(3).allSatisfy { ($0["relatedLocations"] as? [Any])?.count == 1 })
        let limits = try #require(properties["keywardenLimits"] as? [String: Any])
        #expect(limits["secrets"] as? Int == 13)
        #expect(limits["secretsWritten"] as? Int == 4)
        #expect(limits["placesLeftOut"] as? Int == 9)
    }

    @Test func aGzipLimitIsMeasuredNotGuessed() throws {
        var report = ScanReport()
        // 3,000 distinct secrets: over the measuring threshold; 20 kB gzip-compressed is far too little.
        report.findings = (0..<3_000).map { index in
            Self.finding(rule: "runway-api-key", secret: TestKeys.runway(), line: index + 1)
        }
        let (results, properties) = try Self.results(report, limits: CodeScanningLimits(results: 25_000, gzipBytes: 20_000, locationsPerResult: 1_000))
        let limits = try #require(properties["keywardenLimits"] as? [String: Any])
        #expect(results.count < 3_000 && results.count > 0)
        #expect(limits["secretsWritten"] as? Int == results.count)
    }

    /// Written to a file, a report over the measuring threshold is measured as it is written, and
    /// written again folded only when it does not fit: the file holds exactly what the measuring
    /// in memory (a gzip size counter first, for standard output) gives, under the limits and over.
    @Test func aFileIsMeasuredAsItIsWrittenAndRewrittenOnlyWhenOver() throws {
        var report = ScanReport()
        report.findings = (0..<3_000).map { index in
            Self.finding(rule: "runway-api-key", secret: TestKeys.runway(), line: index + 1)
        }
        let directory = try TemporaryDirectory("sarif-file")
        for limits in [CodeScanningLimits.github, CodeScanningLimits(results: 25_000, gzipBytes: 20_000, locationsPerResult: 1_000)] {
            var options = ReportOptions(rules: try RuleSet.defaults())
            options.codeScanningLimits = limits
            let inMemory = ReportRenderer.render(report, format: .sarif, options: options)
            let path = directory.path + "/keywarden.sarif"
            try directory.write("keywarden.sarif", "an older report\n")
            let output = try ReportOutput.file(path)
            ReportRenderer.write(report, format: .sarif, options: options, to: output)
            try output.finish()
            let written = try String(contentsOfFile: path, encoding: .utf8)
            #expect(written == inMemory, "\(limits.gzipBytes): \(written.utf8.count) bytes written, \(inMemory.utf8.count) in memory")
            #expect(written.contains("keywardenLimits") == (limits.gzipBytes == 20_000))
        }
    }

    /// The size counted as a file is written is zlib's fastest level's, which compresses less than
    /// the upload will: a report that count puts over the limit, but that fits as uploaded, is kept
    /// with every place, not folded.
    @Test func aReportOnlyTheQuickCountPutsOverTheLimitIsKeptWhole() throws {
        var report = ScanReport()
        report.findings = (0..<3_000).map { index in
            Self.finding(rule: "runway-api-key", secret: TestKeys.runway(), line: index + 1)
        }
        var options = ReportOptions(rules: try RuleSet.defaults())
        let whole = ReportRenderer.render(report, format: .sarif, options: options)
        func gzipSize(_ effort: ReportOutput.GzipEffort) throws -> UInt64 {
            let counter = try #require(ReportOutput.gzipSizeCounter(effort: effort))
            counter.write(whole)
            try counter.finish()
            return counter.gzipSize
        }
        let (asUploaded, fastest) = (try gzipSize(.asUploaded), try gzipSize(.fastest))
        try #require(fastest > asUploaded)
        options.codeScanningLimits = CodeScanningLimits(results: 25_000, gzipBytes: asUploaded, locationsPerResult: 1_000)
        let directory = try TemporaryDirectory("sarif-quick-count")
        let output = try ReportOutput.file(directory.path + "/keywarden.sarif")
        ReportRenderer.write(report, format: .sarif, options: options, to: output)
        try output.finish()
        #expect(try String(contentsOfFile: directory.path + "/keywarden.sarif", encoding: .utf8) == whole)
        // One byte less and it is folded, in the file as in memory.
        options.codeScanningLimits.gzipBytes = asUploaded - 1
        let folded = try ReportOutput.file(directory.path + "/folded.sarif")
        ReportRenderer.write(report, format: .sarif, options: options, to: folded)
        try folded.finish()
        let written = try String(contentsOfFile: directory.path + "/folded.sarif", encoding: .utf8)
        #expect(written.contains("keywardenLimits") && written == ReportRenderer.render(report, format: .sarif, options: options))
    }
}
