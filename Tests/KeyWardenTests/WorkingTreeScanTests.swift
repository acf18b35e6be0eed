import Foundation
@testable import KeyWarden
import TestSupport
import Testing

@Suite struct WorkingTreeScanTests {
    static func scanner(maxFileSize: Int = ScanOptions.defaultMaxFileSize) throws -> SecretScanner {
        SecretScanner(rules: try CompiledRuleSet(try RuleSet.defaults()), options: ScanOptions(maxFileSize: maxFileSize, threads: 2))
    }

    @Test func honoursGitignoreButScansTrackedIgnoredFiles() throws {
        let repository = try RepositoryBuilder()
        let (ignored, tracked, plain) = (TestKeys.runway(), TestKeys.runway(), TestKeys.runway())
        try repository.write(".gitignore", "*.local\nbuild/\n")
        try repository.write("forced.local", "K=\(tracked)\n")
        try repository.git(["add", "-f", "forced.local"])
        try repository.commit("init")
        try repository.write("secret.local", "K=\(ignored)\n")
        try repository.write("build/out.txt", "K=\(ignored)\n")
        try repository.write("src/app.env", "K=\(plain)\n")
        let report = try Self.scanner().scanWorkingTree(at: repository.path)
        #expect(Set(report.findings.map(\.secret)) == [tracked, plain])
        #expect(report.findings.allSatisfy { $0.source == .worktree && $0.commit == nil })
        #expect(report.statistics.skippedIgnored == 2)
    }

    @Test func plainDirectoriesWorkAndSkipsAreCounted() throws {
        let directory = try TemporaryDirectory("plain")
        let key = TestKeys.runway()
        try directory.write("a.txt", "K=\(key)\n")
        let inBinary = TestKeys.runway()
        try directory.write("image.bin", bytes: [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01] + Array("K=\(inBinary)".utf8))
        try directory.write("big.txt", String(repeating: "x", count: 3_000) + TestKeys.runway())
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/link.txt", withDestinationPath: "/etc/passwd")
        let report = try Self.scanner(maxFileSize: 2_000).scanWorkingTree(at: directory.path)
        // Binary content is read by its printable runs: the key behind a NUL is found, at its byte offset.
        #expect(report.findings.map(\.secret) == [key, inBinary])
        #expect(report.findings.map(\.path) == ["a.txt", "image.bin"])
        #expect(report.findings.last?.byteOffset == 8)
        #expect(report.findings.last?.encoding == "binary")
        #expect(report.statistics.filesScanned == 2)
        #expect(report.statistics.skippedBinary == 0)
        #expect(report.statistics.skippedTooLarge == 1)
        #expect(report.statistics.skippedSpecial == 1)
    }

    @Test func unreadableFileIsAProblemAndOtherFindingsStay() throws {
        let directory = try TemporaryDirectory("unreadable")
        let key = TestKeys.runway()
        try directory.write("tree/ok.txt", "K=\(key)\n")
        try directory.write("tree/locked.txt", "x")
        chmod(directory.path + "/tree/locked.txt", 0)
        guard getuid() == 0 else {
            let report = try Self.scanner().scanWorkingTree(at: directory.path + "/tree")
            #expect(report.findings.count == 1)
            #expect(report.problems.map(\.subject) == ["locked.txt"])
            return
        }
        // Root reads every file, so the binary runs as nobody (setpriv), from a copy it may execute,
        // on a tree it may enter: the same scan, through the command line, must exit 2.
        let binary = directory.path + "/keywarden"
        try FileManager.default.copyItem(atPath: KeyWardenBinary.path, toPath: binary)
        for (path, mode) in [(directory.path, 0o755), (directory.path + "/tree", 0o755), (directory.path + "/tree/ok.txt", 0o644), (binary, 0o755)] {
            chmod(path, mode_t(mode))
        }
        let result = try ProcessRunner.run(
            "/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", binary, "scan", directory.path + "/tree", "--format", "json"],
            environment: ["KEYWARDEN_NO_CACHE": "1", "HOME": "/nonexistent"])
        #expect(result.status == 2, "\(result.standardError)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let findings = report["findings"] as? [[String: Any]] ?? []
        #expect(findings.map { $0["secretSha256"] as? String } == [IndependentDigest.sha256(key)])
        let problems = report["problems"] as? [[String: Any]] ?? []
        #expect(problems.map { $0["subject"] as? String } == ["locked.txt"])
        #expect(result.standardError.contains("locked.txt"))
    }

    @Test func nestedRepositoryIsNotEnteredAndSaidSo() throws {
        let outer = try RepositoryBuilder()
        try outer.write("README", "outer\n")
        try outer.commit("init")
        try FileManager.default.createDirectory(atPath: outer.path + "/vendor/lib/.git", withIntermediateDirectories: true)
        try outer.write("vendor/lib/k.env", "K=\(TestKeys.runway())\n")
        let report = try Self.scanner().scanWorkingTree(at: outer.path)
        #expect(report.findings.isEmpty)
        #expect(report.notes.contains { $0.contains("vendor/lib") })
    }
}

@Suite struct HostileFileTests {
    @Test func oddNamesFifosAndSymlinkLoopsAreHandled() throws {
        let directory = try TemporaryDirectory("hostile")
        let (latin1Key, newlineKey) = (TestKeys.runway(), TestKeys.runway())
        // A name with a byte that is not UTF-8 (0xE9) and one with a newline.
        let rawName: [CChar] = Array((directory.path + "/caf").utf8CString.dropLast()) + [CChar(bitPattern: 0xE9), 46, 101, 110, 118, 0]
        let descriptor = open(rawName, O_WRONLY | O_CREAT, 0o644)
        #expect(descriptor >= 0)
        let content = Array("K=\(latin1Key)\n".utf8)
        _ = content.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        try directory.write("two\nlines.env", "K=\(newlineKey)\n")
        mkfifo(directory.path + "/pipe", 0o644)
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/loop", withDestinationPath: directory.path + "/loop")
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/outside", withDestinationPath: "/etc")
        let scanner = SecretScanner(rules: try CompiledRuleSet(try RuleSet.defaults()), options: ScanOptions(threads: 1))
        let report = try scanner.scanWorkingTree(at: directory.path)
        #expect(Set(report.findings.map(\.secret)) == [latin1Key, newlineKey])
        #expect(report.findings.contains { $0.path == "caf\u{FFFD}.env" })
        #expect(report.statistics.skippedSpecial == 3)
        #expect(report.problems.isEmpty)
    }

    /// A file over the chunk size (possible with a raised size limit) is scanned in overlapping chunks:
    /// every key is found once, with the line and column it would have had read whole, including keys
    /// that straddle a chunk boundary or sit in the overlap.
    @Test func aFileLargerThanAChunkIsScannedInChunksWithExactPlaces() throws {
        let directory = try TemporaryDirectory("large-file")
        let chunk = SecretScanner.chunkSize
        let overlap = SecretScanner.chunkOverlap
        // Where each key starts, in bytes: the start, across the first boundary, inside the overlap,
        // just after it, on a long line across the second boundary, and the very end.
        let starts = [10, chunk - 70, chunk + 10, chunk + overlap + 3, 2 * chunk - 40, 3 * chunk + 123]
        var bytes: [UInt8] = []
        bytes.reserveCapacity(3 * chunk + 400)
        var expected: [(key: String, line: Int, column: Int)] = []
        var line = 1
        var lineStart = 0
        let filler = Array("filler text with no secret in it at all, just words and words and words....\n".utf8)
        for start in starts {
            while bytes.count + filler.count <= start - 2 {
                bytes += filler
                line += 1
                lineStart = bytes.count
            }
            // Pad to the exact start with spaces on the current line (a long line near the second boundary).
            while bytes.count < start - 1 { bytes.append(0x20) }
            bytes.append(0x3D)  // "="
            let key = TestKeys.runway()
            expected.append((key, line, bytes.count - lineStart + 1))
            bytes += Array(key.utf8) + [0x0A]
            line += 1
            lineStart = bytes.count
        }
        try directory.write("huge.log", bytes: bytes)
        var options = ScanOptions(threads: 1)
        options.maxFileSize = bytes.count + 1
        let scanner = SecretScanner(rules: try CompiledRuleSet(try RuleSet.defaults()), options: options)
        let report = try scanner.scanWorkingTree(at: directory.path)
        #expect(report.problems.isEmpty)
        #expect(report.statistics.bytesScanned == bytes.count)
        #expect(report.findings.count == expected.count, "\(report.findings.map { ($0.line, $0.column) })")
        for item in expected {
            let found = report.findings.filter { $0.secret == item.key }
            #expect(found.count == 1, "key at line \(item.line) found \(found.count) times")
            let place: (line: Int, column: Int) = found.first.map { ($0.line, $0.column) } ?? (0, 0)
            #expect(place.line == item.line && place.column == item.column, "line \(item.line): found at \(place)")
        }
        // Text of this size is scanned under the default limit too.
        let byDefault = try SecretScanner(rules: try CompiledRuleSet(try RuleSet.defaults())).scanWorkingTree(at: directory.path)
        #expect(byDefault.findings.count == expected.count)
        // Too large for a lower limit: skipped, and named.
        var lower = ScanOptions(threads: 1)
        lower.maxFileSize = 1_000_000
        let skipped = try SecretScanner(rules: try CompiledRuleSet(try RuleSet.defaults()), options: lower).scanWorkingTree(at: directory.path)
        #expect(skipped.findings.isEmpty && skipped.statistics.skippedTooLarge == 1)
        #expect(skipped.statistics.sizeSkips.map(\.path) == ["huge.log"])
    }
}
