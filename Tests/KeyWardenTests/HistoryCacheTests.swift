import Foundation
import KeyWarden
import TestSupport
import Testing

/// The history cache: a scan of unchanged references reads only the blobs with findings and reports
/// exactly what a full scan reports; changed references, rules or contexts are read again.
@Suite struct HistoryCacheTests {
    static func scanner(cache: TemporaryDirectory?, rules: RuleSet? = nil) throws -> SecretScanner {
        SecretScanner(
            rules: try CompiledRuleSet(try rules ?? RuleSet.defaults()),
            options: ScanOptions(threads: 2, historyCacheDirectory: cache?.path))
    }

    /// Findings as comparable text: everything a report shows about each.
    static func summary(_ report: ScanReport) -> [String] {
        report.findings.map { "\($0.ruleID) \($0.path):\($0.line):\($0.column) \($0.commit?.id ?? "-") \($0.secretSha256)" }
    }

    static func history(keys: inout [String]) throws -> RepositoryBuilder {
        let repository = try RepositoryBuilder()
        for index in 0..<12 {
            try repository.write("src/file\(index % 4).txt", "version \(index)\n" + String(repeating: "filler \(index)\n", count: 20))
            if index % 5 == 0 {
                let key = TestKeys.runway()
                keys.append(key)
                try repository.write("config/env\(index).env", "RUNWAYML_API_SECRET=\(key)\n")
            }
            try repository.commit("commit \(index)", author: index % 2 == 0 ? .alice : .bob)
        }
        try repository.git(["mv", "config", "settings"])
        try repository.commit("rename the config directory")
        return repository
    }

    @Test func unchangedReferencesReadOnlyTheBlobsWithFindingsAndReportTheSame() throws {
        var keys: [String] = []
        let repository = try Self.history(keys: &keys)
        let cache = try TemporaryDirectory("cache")
        let full = try Self.scanner(cache: nil).scanHistory(at: repository.path)
        let first = try Self.scanner(cache: cache).scanHistory(at: repository.path)
        let second = try Self.scanner(cache: cache).scanHistory(at: repository.path)
        #expect(Self.summary(first) == Self.summary(full))
        #expect(Self.summary(second) == Self.summary(full))
        #expect(Set(second.findings.map(\.secret)) == Set(keys))
        #expect(first.statistics.blobsFromCache == 0)
        #expect(second.statistics.blobsScanned == full.statistics.blobsScanned)
        #expect(second.statistics.commitsWalked == full.statistics.commitsWalked)
        // Only the three key files were read again, not the filler.
        #expect(second.statistics.blobsFromCache == full.statistics.blobsScanned - keys.count)
        #expect(second.statistics.bytesScanned == keys.count * "RUNWAYML_API_SECRET=\(keys[0])\n".utf8.count)
        #expect(second.notes.contains { $0.contains("have not moved") })

        // The cache holds no secret, in any form a report would carry.
        let files = try FileManager.default.subpathsOfDirectory(atPath: cache.path).filter { $0.hasSuffix(".kwhc") }
        #expect(files.count == 1)
        let stored = try Data(contentsOf: URL(fileURLWithPath: cache.path + "/" + files[0]))
        for key in keys {
            #expect(stored.range(of: Data(key.utf8)) == nil)
            #expect(stored.range(of: Data(key.dropFirst(4).utf8)) == nil)
            #expect(stored.range(of: Data(IndependentDigest.sha256(key).utf8)) == nil)
        }
    }

    @Test func newCommitsAreReadAndWhatWasCleanIsNot() throws {
        var keys: [String] = []
        let repository = try Self.history(keys: &keys)
        let cache = try TemporaryDirectory("cache")
        let first = try Self.scanner(cache: cache).scanHistory(at: repository.path)
        let key = TestKeys.runway()
        try repository.write("late.env", "RUNWAYML_API_SECRET=\(key)\n")
        try repository.write("src/file0.txt", "changed again\n")
        try repository.commit("later")
        let second = try Self.scanner(cache: cache).scanHistory(at: repository.path)
        let full = try Self.scanner(cache: nil).scanHistory(at: repository.path)
        #expect(Self.summary(second) == Self.summary(full))
        #expect(second.findings.contains { $0.secret == key && $0.path == "late.env" })
        // Everything scanned clean before is taken from the cache; the two new blobs and the three
        // key files (never remembered as clean) are read.
        #expect(second.statistics.blobsFromCache == first.statistics.blobsScanned - keys.count)
        #expect(second.statistics.blobsScanned == first.statistics.blobsScanned + 2)
    }

    @Test func otherRulesOrADamagedFileMeanAFullScan() throws {
        var keys: [String] = []
        let repository = try Self.history(keys: &keys)
        let cache = try TemporaryDirectory("cache")
        _ = try Self.scanner(cache: cache).scanHistory(at: repository.path)
        var fewer = try RuleSet.defaults()
        fewer.rules.removeAll { $0.id == "generic-api-key" }
        let otherRules = try Self.scanner(cache: cache, rules: fewer).scanHistory(at: repository.path)
        #expect(otherRules.statistics.blobsFromCache == 0)

        let files = try FileManager.default.subpathsOfDirectory(atPath: cache.path).filter { $0.hasSuffix(".kwhc") }
        for file in files { try Data("keywarden-history-cache 1\ngarbage".utf8).write(to: URL(fileURLWithPath: cache.path + "/" + file)) }
        let afterDamage = try Self.scanner(cache: cache).scanHistory(at: repository.path)
        #expect(afterDamage.statistics.blobsFromCache == 0)
        #expect(Set(afterDamage.findings.map(\.secret)) == Set(keys))
    }

    /// A blob judged clean as `notes.txt` is judged again when an older commit, on a branch fetched
    /// later, turns out to have brought the same content in as `.npmrc`, where a path-scoped rule applies.
    @Test func aBlobIsJudgedAgainWhereItsFirstPathChanges() throws {
        let repository = try RepositoryBuilder()
        let token = TestKeys.random(8) + "-" + TestKeys.random(4) + "-" + TestKeys.random(4) + "-" + TestKeys.random(4) + "-" + TestKeys.random(12)
        let content = "//registry.npmjs.org/:_authToken=\(token)\n"
        try repository.write("notes.txt", content)
        try repository.commit("notes")
        let cache = try TemporaryDirectory("cache")
        // Without the generic rule, which may or may not take a random token for a secret anywhere.
        var rules = try RuleSet.defaults()
        rules.rules.removeAll { $0.id == "generic-api-key" }
        let before = try Self.scanner(cache: cache, rules: rules).scanHistory(at: repository.path)
        #expect(before.findings.isEmpty, "\(before.findings.map(\.ruleID))")

        try repository.git(["checkout", "-q", "--orphan", "old"])
        try repository.git(["rm", "-q", "-r", "--cached", "."])
        try repository.remove("notes.txt")
        try repository.write(".npmrc", content)
        try repository.git(["add", ".npmrc"])
        let dated = [
            "GIT_COMMITTER_DATE": "2001-01-01T00:00:00Z", "GIT_AUTHOR_DATE": "2001-01-01T00:00:00Z",
            "GIT_AUTHOR_NAME": "Old", "GIT_AUTHOR_EMAIL": "old@example.com", "GIT_COMMITTER_NAME": "Old",
            "GIT_COMMITTER_EMAIL": "old@example.com",
        ]
        let result = try ProcessRunner.run("/usr/bin/git", ["-C", repository.path, "commit", "-q", "-m", "older"], environment: dated)
        #expect(result.status == 0)
        let after = try Self.scanner(cache: cache, rules: rules).scanHistory(at: repository.path)
        let full = try Self.scanner(cache: nil, rules: rules).scanHistory(at: repository.path)
        #expect(Self.summary(after) == Self.summary(full))
        #expect(after.findings.contains { $0.ruleID == "npmrc-auth-token" && $0.path == ".npmrc" })
    }

    /// The cache decides what a scan reports: an entry the user did not write is ignored with a note.
    @Test func anEntryThatIsNotTheUsersOwnIsIgnoredWithANote() throws {
        var keys: [String] = []
        let repository = try Self.history(keys: &keys)
        let cache = try TemporaryDirectory("cache")
        _ = try Self.scanner(cache: cache).scanHistory(at: repository.path)
        let history = cache.path + "/history"
        let entry = try #require(try FileManager.default.contentsOfDirectory(atPath: history).first { $0.hasSuffix(".kwhc") })
        let path = history + "/" + entry
        func attributes(_ path: String) throws -> [FileAttributeKey: Any] { try FileManager.default.attributesOfItem(atPath: path) }
        #expect(try attributes(history)[.posixPermissions] as? Int == 0o700)
        #expect(try attributes(path)[.posixPermissions] as? Int == 0o600)
        #expect(try attributes(history + "/key")[.posixPermissions] as? Int == 0o600)
        let genuine = try Data(contentsOf: URL(fileURLWithPath: path))

        // The same entry with every blob that had a finding taken out, as a forger would: the body
        // parses, the tag no longer matches.
        var forged = genuine.dropLast(32)
        let text = String(decoding: forged, as: UTF8.self)
        if let start = text.range(of: "\"blobs\":[")?.upperBound, let end = text[start...].firstIndex(of: "]") {
            forged = Data((text[..<start] + text[end...]).utf8)
        }
        try (forged + Data(repeating: 0, count: 32)).write(to: URL(fileURLWithPath: path))
        let afterForgery = try Self.scanner(cache: cache).scanHistory(at: repository.path)
        #expect(Set(afterForgery.findings.map(\.secret)) == Set(keys))
        #expect(afterForgery.notes.contains { $0.contains("integrity tag does not match") }, "\(afterForgery.notes)")

        // A genuine entry that others can write is not trusted either; it is rebuilt 0600.
        try genuine.write(to: URL(fileURLWithPath: path))
        chmod(path, 0o666)
        let openEntry = try Self.scanner(cache: cache).scanHistory(at: repository.path)
        #expect(openEntry.notes.contains { $0.contains("can be read or written by other users") }, "\(openEntry.notes)")
        #expect(Set(openEntry.findings.map(\.secret)) == Set(keys))
        #expect(try attributes(path)[.posixPermissions] as? Int == 0o600)

        // An entry reached through a link is refused.
        let elsewhere = try TemporaryDirectory("elsewhere")
        try FileManager.default.moveItem(atPath: path, toPath: elsewhere.path + "/entry")
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: elsewhere.path + "/entry")
        let linked = try Self.scanner(cache: cache).scanHistory(at: repository.path)
        #expect(linked.notes.contains { $0.contains("the history cache entry was not used") }, "\(linked.notes)")
        #expect(Set(linked.findings.map(\.secret)) == Set(keys))

        // Another repository's genuine entry copied in under this one's name fails its tag.
        var otherKeys: [String] = []
        let other = try Self.history(keys: &otherKeys)
        _ = try Self.scanner(cache: cache).scanHistory(at: other.path)
        let otherEntry = try #require(
            try FileManager.default.contentsOfDirectory(atPath: history).first { $0.hasSuffix(".kwhc") && $0 != entry })
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: history + "/" + otherEntry, toPath: path)
        let copied = try Self.scanner(cache: cache).scanHistory(at: repository.path)
        #expect(copied.notes.contains { $0.contains("integrity tag does not match") }, "\(copied.notes)")
        #expect(Set(copied.findings.map(\.secret)) == Set(keys))
    }

    /// A key typed into a commit message is not stored: the cache holds no commit text.
    @Test func theCacheHoldsNoCommitMessage() throws {
        let repository = try RepositoryBuilder()
        let key = TestKeys.runway()
        try repository.write("app.env", "K=\(TestKeys.runway())\n")
        try repository.commit("deploy with \(key) for now")
        let cache = try TemporaryDirectory("cache")
        _ = try Self.scanner(cache: cache).scanHistory(at: repository.path)
        let history = cache.path + "/history"
        for name in try FileManager.default.contentsOfDirectory(atPath: history) {
            let stored = try Data(contentsOf: URL(fileURLWithPath: history + "/" + name))
            #expect(stored.range(of: Data(key.dropFirst(4).prefix(40).utf8)) == nil)
            #expect(stored.range(of: Data("deploy with".utf8)) == nil)
        }
    }
}
