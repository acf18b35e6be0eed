import Foundation
import KeyWarden
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A scan's `FindingSink` is told of every finding its report holds, exactly once and nothing
/// else, in every mode; `JSONLinesStream` writes each to its output while the scan is still going.
@Suite struct FindingSinkTests {
    /// Remembers what it is told.
    final class RecordingSink: FindingSink {
        let findings = Mutex<[Finding]>([])
        func found(_ findings: [Finding]) { self.findings.withLock { $0 += findings } }
        var recorded: [Finding] { findings.withLock { $0 } }
    }

    static func scanner(_ sink: any FindingSink, cache: String? = nil) throws -> SecretScanner {
        SecretScanner(
            rules: try CompiledRuleSet(try RuleSet.defaults()), options: ScanOptions(threads: 2, historyCacheDirectory: cache),
            findingSink: sink)
    }

    static func counts(_ findings: [Finding]) -> [Finding: Int] {
        Dictionary(grouping: findings, by: { $0 }).mapValues(\.count)
    }

    /// A history with findings of every kind a report holds: several in one blob, the same blob at a
    /// second path (whose findings are copied, not scanned), a blob renamed to a path other rules
    /// judge (scanned again), a key in a commit message, an inline-allowed key the report keeps apart.
    static func repository() throws -> RepositoryBuilder {
        let repository = try RepositoryBuilder()
        try repository.write("config/.env", "RUNWAYML_API_SECRET=\(TestKeys.runway())\nBACKUP=\(TestKeys.runway())\n")
        try repository.write("docs/example.md", "token = \"\(TestKeys.runway())\" # keywarden:allow\n")
        try repository.write("src/main.txt", "nothing here\n")
        try repository.commit("first")
        try repository.write("backup/.env", try String(contentsOfFile: repository.path + "/config/.env", encoding: .utf8))
        try repository.write("notes.txt", "old = \(TestKeys.runway())\n")
        try repository.commit("a copy, and a message key \(TestKeys.runway())")
        try repository.move("notes.txt", to: ".npmrc")
        try repository.commit("renamed")
        try repository.write("staged.env", "RUNWAYML_API_SECRET=\(TestKeys.runway())\n")
        try repository.git(["add", "staged.env"])
        return repository
    }

    @Test func everyModeTellsTheSinkExactlyWhatItsReportHolds() throws {
        let repository = try Self.repository()
        let cache = try TemporaryDirectory("sink-cache")
        let message = try TemporaryDirectory("sink-message")
        try message.write("COMMIT_EDITMSG", "fix\n\nRUNWAYML_API_SECRET=\(TestKeys.runway())\n")
        let input = message.path + "/input"
        try message.write("input", "A=\(TestKeys.runway())\nB=\(TestKeys.runway())\n")
        let scans: [(String, (SecretScanner) throws -> ScanReport)] = [
            ("working tree", { try $0.scanWorkingTree(at: repository.path) }),
            ("two working trees", { try $0.scanWorkingTrees(at: [repository.path + "/config", repository.path + "/backup"]) }),
            ("history", { try $0.scanHistory(at: repository.path) }),
            ("history, filling the cache", { try $0.scanHistory(at: repository.path) }),
            ("history, from the cache", { try $0.scanHistory(at: repository.path) }),
            ("staged", { try $0.scanStaged(at: repository.path) }),
            ("range", { try $0.scanChanges(at: repository.path, including: ["HEAD"], excluding: ["HEAD~2"]) }),
            ("commit message", { try $0.scanCommitMessage(at: message.path + "/COMMIT_EDITMSG") }),
            ("stream", { scanner in
                let descriptor = open(input, O_RDONLY)
                defer { close(descriptor) }
                return try scanner.scanStream(descriptor: descriptor, name: "stdin")
            }),
        ]
        for (name, scan) in scans {
            let sink = RecordingSink()
            let report = try scan(try Self.scanner(sink, cache: name.contains("cache") ? cache.path : nil))
            #expect(!report.findings.isEmpty, "\(name)")
            #expect(Self.counts(sink.recorded) == Self.counts(report.findings), "\(name): \(sink.recorded.count) told, \(report.findings.count) reported")
            if name == "history" {
                #expect(!report.inlineAllowed.isEmpty && report.findings.contains { $0.path == "backup/.env" } && report.findings.contains { $0.path == ".npmrc" })
                #expect(report.findings.contains { $0.source == .commitMessage })
            }
            if name == "history, from the cache" { #expect(report.notes.contains { $0.contains("have not moved since the last history scan") }) }
        }
    }

    /// Each finding's line is in the output (here a pipe) by the time the sink returns: nothing
    /// waits for the scan to end. What the baseline suppresses is not written.
    @Test func jsonLinesReachThePipeWhileTheScanGoesOn() throws {
        let repository = try Self.repository()
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]) }
        _ = fcntl(ends[0], F_SETFL, fcntl(ends[0], F_GETFL) | O_NONBLOCK)
        var first = try Self.scanner(RecordingSink()).scanHistory(at: repository.path)
        first.findings = Array(first.findings.prefix(1))
        let suppressed = try #require(first.findings.first).fingerprint
        let stream = JSONLinesStream(to: try ReportOutput.file("/dev/fd/\(ends[1])"), redacts: true)
        let filtered = FilteringFindingSink(stream, filter: FindingFilter(baseline: Baseline(report: first)))
        /// Passes each batch to the stream, then reads the pipe: what the batch should have written
        /// beside what arrived.
        final class Checking: FindingSink {
            let stream: FilteringFindingSink
            let readEnd: Int32
            let suppressed: String
            let batches = Mutex<[(expected: Int, arrived: [Substring])]>([])
            init(_ stream: FilteringFindingSink, readEnd: Int32, suppressed: String) {
                (self.stream, self.readEnd, self.suppressed) = (stream, readEnd, suppressed)
            }
            func found(_ findings: [Finding]) {
                batches.withLock { batches in
                    stream.found(findings)
                    var bytes = [UInt8](repeating: 0, count: 1 << 20)
                    let count = bytes.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
                    let text = count > 0 ? String(decoding: bytes[..<count], as: UTF8.self) : ""
                    batches.append((findings.filter { $0.fingerprint != suppressed }.count, text.split(separator: "\n")))
                }
            }
        }
        let checking = Checking(filtered, readEnd: ends[0], suppressed: suppressed)
        let report = try Self.scanner(checking).scanHistory(at: repository.path)
        try stream.finish()
        close(ends[1])
        let batches = checking.batches.withLock { $0 }
        #expect(batches.count > 2)
        for batch in batches { #expect(batch.arrived.count == batch.expected, "lines written before the sink returned") }
        let written = batches.flatMap(\.arrived)
        #expect(written.count == report.findings.filter { $0.fingerprint != suppressed }.count)
        #expect(written.count < report.findings.count)
        for line in written {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["fingerprint"] as? String != suppressed)
            #expect(object["secret"] == nil && object["liveness"] as? String == "unchecked")
        }
    }

    /// With a verifier, a Runway key's lines wait for its verdict and nothing else waits: another
    /// provider's finding is in the pipe at once, while a key the API answers slowly is still being
    /// checked. Each key is asked about once, also when found again after its answer came.
    @Test func jsonLinesWithAVerifierHoldOnlyTheKeysBeingChecked() throws {
        let slow = TestKeys.runway()
        let live = TestKeys.runway()
        let stub = try RunwayAPIStub([slow: .slow, live: .live])
        var settings = VerificationSettings(baseURL: stub.baseURL)
        settings.timeout = 1
        let verifier = try RunwayKeyVerifier(settings: settings)
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]) }
        _ = fcntl(ends[0], F_SETFL, fcntl(ends[0], F_GETFL) | O_NONBLOCK)
        func lines() -> [[String: Any]] {
            var bytes = [UInt8](repeating: 0, count: 1 << 16)
            let count = bytes.withUnsafeMutableBytes { read(ends[0], $0.baseAddress, $0.count) }
            guard count > 0 else { return [] }
            return String(decoding: bytes[..<count], as: UTF8.self).split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
        }
        func finding(_ secret: String, provider: String, path: String) -> Finding {
            Finding(ruleID: provider.lowercased() + "-key", provider: provider, secret: secret, path: path, line: 1, column: 1, source: .worktree)
        }
        let stream = JSONLinesStream(to: try ReportOutput.file("/dev/fd/\(ends[1])"), redacts: true, verifier: verifier)
        let other = TestKeys.random(40, from: "abcdefghijklmnopqrstuvwxyz0123456789")
        stream.found([finding(slow, provider: "Runway", path: "slow.env"), finding(other, provider: "AWS", path: "aws.txt")])
        let first = lines()
        #expect(first.count == 1 && first.first?["path"] as? String == "aws.txt", "\(first)")
        stream.found([finding(live, provider: "Runway", path: "a.env")])
        let verdicts = stream.waitForChecks()
        #expect(verdicts[SecretDigest.sha256Hex(live)]?.liveness == .live)
        #expect(verdicts[SecretDigest.sha256Hex(slow)]?.liveness == .unknown)
        stream.found([finding(live, provider: "Runway", path: "b.env")])
        try stream.finish()
        close(ends[1])
        let rest = lines()
        let liveness = Dictionary(uniqueKeysWithValues: rest.map { ($0["path"] as? String ?? "?", $0["liveness"] as? String ?? "?") })
        #expect(liveness == ["slow.env": "unknown", "a.env": "live", "b.env": "live"], "\(rest)")
        #expect(try stub.requests(for: live).count == 1)
        #expect(try stub.requests(for: slow).count == 1)
    }

    /// A check of commits someone else wrote tells its sink what its report holds: the findings of
    /// the checked commits after the trusted side's ignore file, not those the change's own ignore
    /// file would hide, and nothing of the second scan made to see what that change hides.
    @Test func aTrustedChangeScanTellsTheSinkWhatItsReportHolds() throws {
        let repository = try RepositoryBuilder()
        let ignoredByBase = TestKeys.runway()
        let hiddenByChange = TestKeys.runway()
        let kept = TestKeys.runway()
        let fingerprint = { (key: String) in SecretDigest.fingerprint(ruleID: "runway-api-key", secret: key) }
        try repository.write(".keywardenignore", "\(fingerprint(ignoredByBase))  a test key, disabled\n")
        try repository.write("README", "hello\n")
        let base = try repository.commit("base")
        try repository.write("a.env", "A=\(ignoredByBase)\nB=\(hiddenByChange)\nC=\(kept)\n")
        try repository.write(
            ".keywardenignore", "\(fingerprint(ignoredByBase))  a test key, disabled\n\(fingerprint(hiddenByChange))  trust me\n")
        _ = try repository.commit("keys, and an ignore entry for one")
        let sink = RecordingSink()
        var check = TrustedChangeScan(
            path: repository.path, commits: .range(including: ["HEAD"], excluding: [base]), trustedSide: .firstOf([base]))
        check.findingSink = sink
        let (report, _) = try check.run()
        #expect(report.suppressingChange != nil, "the change's own ignore entry was not noticed")
        #expect(Set(report.findings.map(\.secret)) == [hiddenByChange, kept])
        #expect(Self.counts(sink.recorded) == Self.counts(report.findings), "\(sink.recorded.count) told, \(report.findings.count) reported")
    }
}
