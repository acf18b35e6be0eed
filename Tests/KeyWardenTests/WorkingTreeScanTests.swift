import Foundation
import KeyWarden
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
        try directory.write("image.bin", bytes: [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01] + Array("K=\(TestKeys.runway())".utf8))
        try directory.write("big.txt", String(repeating: "x", count: 3_000) + TestKeys.runway())
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/link.txt", withDestinationPath: "/etc/passwd")
        let report = try Self.scanner(maxFileSize: 2_000).scanWorkingTree(at: directory.path)
        #expect(report.findings.map(\.secret) == [key])
        #expect(report.findings.first?.path == "a.txt")
        #expect(report.statistics.filesScanned == 1)
        #expect(report.statistics.skippedBinary == 1)
        #expect(report.statistics.skippedTooLarge == 1)
        #expect(report.statistics.skippedSpecial == 1)
    }

    @Test func unreadableFileIsAProblemAndOtherFindingsStay() throws {
        guard getuid() != 0 else { return }  // root reads everything; the CLI test covers exit 2
        let directory = try TemporaryDirectory("unreadable")
        let key = TestKeys.runway()
        try directory.write("ok.txt", "K=\(key)\n")
        try directory.write("locked.txt", "x")
        chmod(directory.path + "/locked.txt", 0)
        let report = try Self.scanner().scanWorkingTree(at: directory.path)
        #expect(report.findings.count == 1)
        #expect(report.problems.map(\.subject) == ["locked.txt"])
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
}
