import Foundation
import GitStore
import TestSupport
import Testing

@testable import KeyWarden

#if canImport(Glibc)
import Glibc
#endif

@Suite struct StreamingReportTests {
    /// A repository whose report holds what the writers must escape and group: several keys over
    /// several commits, a rename (a later introduction), names with quotes, backslashes, non-ASCII
    /// and U+2028, a working-tree file, a note (the submodule-free repository has none, so one is
    /// added) and a problem.
    static func reports() throws -> (RepositoryBuilder, [ScanReport]) {
        let repository = try RepositoryBuilder(literalPathspecs: true)
        try repository.write("config/.env.production", "RUNWAYML_API_SECRET=\(TestKeys.runway())\n")
        try repository.write("dir \"quoted\"/ключ\u{2028}.env", "K=\(TestKeys.runway())\nL=\(TestKeys.runway())\n")
        try repository.write("back\\slash/a.env", "K=\(TestKeys.runway())\n")
        try repository.commit("keys")
        try repository.move("back\\slash/a.env", to: "moved/b.env")
        try repository.commit("moved", author: .bob)
        try repository.write("src/app.py", "api = \"\(TestKeys.runway())\"\n")
        let scanner = SecretScanner(rules: try CompiledRuleSet(try RuleSet.defaults()), options: ScanOptions(threads: 2))
        var history = try scanner.scanHistory(at: repository.path)
        history.notes.append("a note with \"quotes\" and a tab\there")
        history.problems.append(SkippedObject(subject: "odd\u{1B}[31mname", reason: "could not be read"))
        if let first = history.findings.first {
            history.liveness[first.secretSha256] = LivenessResult(
                liveness: .live, tier: "tier 1", creditBalance: 12.5, detail: "HTTP 200", checkedAt: "2026-12-02T10:00:00Z")
        }
        let tree = try scanner.scanWorkingTree(at: repository.path)
        return (repository, [history, tree, ScanReport()])
    }

    @Test func streamingWritersWriteTheDocumentsTheWholeDocumentRenderersDid() throws {
        let (_, reports) = try Self.reports()
        // Four keys committed, one of them also at the path it was moved to.
        #expect(reports[0].findings.count == 5)
        #expect(reports[0].findings.contains { $0.path == "moved/b.env" && $0.commit?.authorEmail == "bob@example.com" })
        #expect(reports[1].findings.count == 5)
        let rules = try RuleSet.defaults()
        for report in reports {
            for redacts in [true, false] {
                let options = ReportOptions(redacts: redacts, rules: rules)
                for format in LegacyReportRenderer.formats {
                    let streamed = ReportRenderer.render(report, format: format, options: options)
                    let whole = try #require(LegacyReportRenderer.render(report, format: format, options: options))
                    #expect(streamed == whole, "\(format) differs (redacts: \(redacts))")
                    if format != .csv {
                        #expect(try JSONSerialization.jsonObject(with: Data(streamed.utf8)) is [String: Any])
                    }
                }
            }
        }
    }

    @Test func aReportLargerThanTheBufferIsWrittenWholeToAFile() throws {
        let directory = try TemporaryDirectory("stream")
        let path = directory.path + "/report.json"
        var report = ScanReport()
        for index in 0..<3000 {
            report.findings.append(Finding(
                ruleID: "runway-api-key", secret: TestKeys.runway(), path: "file\(index).env", line: index + 1, column: 1,
                source: .worktree))
        }
        let options = ReportOptions(rules: try RuleSet.defaults())
        let output = try ReportOutput.file(path)
        ReportRenderer.write(report, format: .json, options: options, to: output)
        try output.finish()
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written.utf8.count > 1 << 17)
        #expect(written == LegacyReportRenderer.json(report, options: options))
    }

    @Test func anUnfinishedReportLeavesTheUsersFileAsItWasAndNoTemporaryFile() throws {
        let directory = try TemporaryDirectory("stream")
        let path = directory.path + "/report.json"
        try directory.write("report.json", "the user's own file\n")
        do {
            let output = try ReportOutput.file(path)
            output.write(String(repeating: "x", count: 200_000))
            // Dropped without finish(): a run that failed half way.
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "the user's own file\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["report.json"])
    }

    @Test func aLinkIsWrittenThroughAndAFifoIsWrittenToDirectly() throws {
        let directory = try TemporaryDirectory("stream")
        try directory.write("target.json", "old\n")
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/link.json", withDestinationPath: "target.json")
        let linked = try ReportOutput.file(directory.path + "/link.json")
        linked.write("new\n")
        try linked.finish()
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory.path + "/link.json") == "target.json")
        #expect(try String(contentsOfFile: directory.path + "/target.json", encoding: .utf8) == "new\n")

        let fifo = directory.path + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        // The reader reads to end of file: `String(contentsOfFile:)` takes a FIFO's size (0) and may
        // close it before the writer has written, which breaks the pipe.
        let received = Locked("")
        let done = DispatchSemaphore(value: 0)
        let reader = Thread {
            let data = FileHandle(forReadingAtPath: fifo)?.readDataToEndOfFile() ?? Data()
            received.withLock { $0 = String(decoding: data, as: UTF8.self) }
            done.signal()
        }
        reader.start()
        let output = try ReportOutput.file(fifo)
        output.write("through the pipe\n")
        try output.finish()
        done.wait()
        #expect(received.withLock { $0 } == "through the pipe\n")
        var status = stat()
        #expect(lstat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO, "the FIFO was replaced")
    }
}
