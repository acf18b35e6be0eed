import Foundation
import TestSupport
import Testing

/// The real `keywarden` binary against real repositories: exit codes, formats, redaction, errors.
@Suite struct CommandLineTests {
    @Test func exitCodesTellCleanFromLeakFromBrokenFromUsage() throws {
        let directory = try TemporaryDirectory("cli")
        try directory.write("clean.txt", "nothing here\n")
        #expect(try KeyWardenBinary.run(["scan", directory.path]).status == 0)
        try directory.write("leak.env", "RUNWAYML_API_SECRET=\(TestKeys.runway())\n")
        #expect(try KeyWardenBinary.run(["scan", directory.path]).status == 1)
        let missing = try KeyWardenBinary.run(["scan", directory.path + "/does-not-exist"])
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("no such file"))
        #expect(try KeyWardenBinary.run(["scan", "--history", directory.path]).status == 2)
        #expect(try KeyWardenBinary.run(["scan", "--format", "yaml", directory.path]).status == 64)
        #expect(try KeyWardenBinary.run(["scan", "--threads", "0", directory.path]).status == 64)
    }

    /// The second `scan --history` of unchanged references reads only what had findings, says so, and
    /// exits as the first did; `--no-cache` and `KEYWARDEN_NO_CACHE` read everything.
    @Test func historyRescanUsesTheCacheUnlessToldNotTo() throws {
        let repository = try RepositoryBuilder()
        for index in 0..<5 {
            try repository.write("file\(index).txt", "content \(index)\n")
            try repository.commit("commit \(index)")
        }
        try repository.write("app.env", "RUNWAYML_API_SECRET=\(TestKeys.runway())\n")
        try repository.commit("key")
        let cache = try TemporaryDirectory("cache")
        let environment = ["XDG_CACHE_HOME": cache.path]
        func scan(_ extra: [String] = [], environment: [String: String] = environment) throws -> (Int32, [String: Any]) {
            let result = try KeyWardenBinary.run(["scan", "--history", "--format", "json"] + extra + [repository.path], environment: environment)
            let report = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any] ?? [:]
            return (result.status, report["stats"] as? [String: Any] ?? [:])
        }
        let (firstStatus, first) = try scan()
        let (secondStatus, second) = try scan()
        #expect(firstStatus == 1 && secondStatus == 1)
        #expect(first["blobsFromCache"] as? Int == 0)
        #expect(second["blobsFromCache"] as? Int == 5)
        #expect(second["blobsScanned"] as? Int == first["blobsScanned"] as? Int)
        #expect(second["findings"] as? Int == 1)
        #expect(try scan(["--no-cache"]).1["blobsFromCache"] as? Int == 0)
        #expect(try scan(environment: environment.merging(["KEYWARDEN_NO_CACHE": "1"]) { $1 }).1["blobsFromCache"] as? Int == 0)
        let text = try KeyWardenBinary.run(["scan", "--history", repository.path], environment: environment)
        #expect(text.standardOutput.contains("5 judged by an earlier scan, not read again"))
    }

    @Test func configurationSetsTheSizeLimitAndTheFlagOverridesIt() throws {
        let directory = try TemporaryDirectory("size")
        try directory.write(".keywarden.toml", "[scan]\nmaxFileSize = 50\n")
        try directory.write("a.env", "RUNWAYML_API_SECRET=\(TestKeys.runway())\n")
        let limited = try KeyWardenBinary.run(["scan", directory.path])
        #expect(limited.status == 0)
        #expect(limited.standardOutput.contains("1 too large"))
        #expect(try KeyWardenBinary.run(["scan", "--max-file-size", "1000", directory.path]).status == 1)
    }

    @Test func brokenConfigurationIsExitTwoNamingFileAndRule() throws {
        let directory = try TemporaryDirectory("config")
        try directory.write(".keywarden.toml", "[[rules]]\nid = \"mine\"\nregex = '''(open'''\n")
        let result = try KeyWardenBinary.run(["scan", directory.path])
        #expect(result.status == 2)
        #expect(result.standardError.contains(".keywarden.toml"))
        #expect(result.standardError.contains("rule 'mine'"))
        #expect(result.standardError.contains("missing closing parenthesis"))
    }

    @Test func noOutputCarriesTheSecretUnlessAskedTo() throws {
        let repository = try RepositoryBuilder()
        let key = TestKeys.runway()
        try repository.write("config/app.env", "RUNWAYML_API_SECRET=\(key)\n")
        try repository.commit("leak")
        let reportFile = repository.path + "/../report-\(UUID().uuidString).out"
        defer { try? FileManager.default.removeItem(atPath: reportFile) }
        for format in ["text", "json", "sarif", "csv"] {
            for history in [false, true] {
                let arguments = ["scan", "--format", format, "--color", "always"] + (history ? ["--history"] : []) + [repository.path]
                let result = try KeyWardenBinary.run(arguments)
                #expect(result.status == 1)
                #expect(!result.standardOutput.contains(key) && !result.standardError.contains(key), "\(format)")
                #expect(!result.standardOutput.contains(String(key.dropFirst(4).prefix(40))))
                let toFile = try KeyWardenBinary.run(arguments + ["--output", reportFile])
                #expect(toFile.status == 1)
                #expect(!(try String(contentsOfFile: reportFile, encoding: .utf8)).contains(key))
            }
        }
        let plain = try KeyWardenBinary.run(["scan", "--no-redact", "--format", "json", repository.path])
        #expect(plain.standardOutput.contains(key))
    }

    @Test func jsonReportFollowsTheContract() throws {
        let repository = try RepositoryBuilder()
        let key = TestKeys.runway()
        try repository.write("a.env", "K=\(key)\n")
        let commit = try repository.commit("leak", author: .bob)
        let result = try KeyWardenBinary.run(["scan", "--history", "--format", "json", repository.path])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(document["version"] as? Int == 1)
        let findings = try #require(document["findings"] as? [[String: Any]])
        let finding = try #require(findings.first)
        #expect(finding["rule"] as? String == "runway-api-key")
        #expect(finding["path"] as? String == "a.env")
        #expect(finding["line"] as? Int == 1 && finding["column"] as? Int == 3)
        #expect(finding["secretSha256"] as? String == sha256Hex(key))
        #expect((finding["redacted"] as? String)?.hasPrefix("key_") == true)
        #expect((finding["fingerprint"] as? String)?.hasPrefix("runway-api-key:") == true)
        #expect(finding["source"] as? String == "history")
        #expect(finding["commit"] as? String == commit)
        #expect(finding["author"] as? String == "Bob Example")
        #expect(finding["email"] as? String == "bob@example.com")
        #expect((finding["date"] as? String)?.contains("T") == true)
        #expect(finding["secret"] == nil)
        let stats = try #require(document["stats"] as? [String: Any])
        #expect(stats["blobsScanned"] as? Int == 1)
        let worktree = try KeyWardenBinary.run(["scan", "--format", "json", repository.path])
        let worktreeFinding = try #require(((try JSONSerialization.jsonObject(with: Data(worktree.standardOutput.utf8)) as? [String: Any])?["findings"] as? [[String: Any]])?.first)
        #expect(worktreeFinding["source"] as? String == "worktree")
        #expect(worktreeFinding["commit"] is NSNull)
    }

    @Test func sarifValidatesAgainstTheOfficialSchema() throws {
        let python = try #require(ProcessRunner.which("python3"))
        let validator = KeyWardenBinary.packageRoot + "/scripts/validate-sarif.py"
        let repository = try RepositoryBuilder()
        try repository.write("dir with space/a.env", "K=\(TestKeys.runway())\n")
        try repository.commit("leak")
        let output = repository.path + "/../out-\(UUID().uuidString).sarif"
        defer { try? FileManager.default.removeItem(atPath: output) }
        #expect(try KeyWardenBinary.run(["scan", "--history", "--format", "sarif", "-o", output, repository.path]).status == 1)
        let result = try ProcessRunner.run(python, [validator, output])
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
    }

    @Test func rulesListAndRulesTestRunTheShippedRules() throws {
        let list = try KeyWardenBinary.run(["rules", "list"])
        #expect(list.status == 0)
        #expect(list.standardOutput.contains("runway-api-key"))
        let test = try KeyWardenBinary.run(["rules", "test"])
        #expect(test.status == 0, "\(test.standardOutput)")
        #expect(test.standardOutput.contains("0 failures"))
    }

    @Test func ourOwnRepositoryHistoryIsClean() throws {
        let root = KeyWardenBinary.packageRoot
        guard FileManager.default.fileExists(atPath: root + "/.git") else { return }
        let result = try KeyWardenBinary.run(["scan", "--history", "--format", "json", root])
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
    }

    @Test func plantedCorpusIsFoundAndDecoysAreNot() throws {
        let script = KeyWardenBinary.packageRoot + "/bench/plant-corpus.py"
        let directory = try TemporaryDirectory("corpus")
        let built = try ProcessRunner.run(try #require(ProcessRunner.which("python3")), [script, directory.path + "/c", "--seed", "11"])
        #expect(built.status == 0, "\(built.standardError)")
        let truth = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.path + "/c/truth.json"))) as? [String: Any])
        let keys = try #require(truth["keys"] as? [[String: Any]])
        let decoys = try #require(truth["decoys"] as? [[String: Any]])
        let result = try KeyWardenBinary.run(["scan", "--history", "--format", "json", directory.path + "/c/repo"])
        #expect(result.status == 1)
        let findings = try #require((try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])?["findings"] as? [[String: Any]])
        let found = Set(findings.compactMap { $0["secretSha256"] as? String })
        for key in keys {
            #expect(found.contains(key["sha256"] as? String ?? ""), "missed \(key["kind"] ?? "?") in \(key["places"] ?? "?")")
        }
        for decoy in decoys {
            #expect(!found.contains(decoy["sha256"] as? String ?? ""), "reported decoy \(decoy["text_hint"] ?? "?")")
        }
        let worktree = try KeyWardenBinary.run(["scan", "--format", "json", directory.path + "/c/repo"])
        let worktreeFound = Set(((try JSONSerialization.jsonObject(with: Data(worktree.standardOutput.utf8)) as? [String: Any])?["findings"] as? [[String: Any]] ?? []).compactMap { $0["secretSha256"] as? String })
        for key in keys where key["in_worktree"] as? Bool == true {
            #expect(worktreeFound.contains(key["sha256"] as? String ?? ""), "working tree missed \(key["places"] ?? "?")")
        }
    }

    /// `-o` on a device writes to it: `/dev/stdout` stays the link it is (as root, an atomic rename
    /// once replaced it with a regular file), and the report reaches standard output.
    @Test func outputToADeviceWritesToIt() throws {
        let repository = try RepositoryBuilder()
        try repository.write("app.env", "K=\(TestKeys.runway())\n")
        var before = stat()
        lstat("/dev/stdout", &before)
        for device in ["/dev/stdout", "/dev/fd/1"] {
            let result = try KeyWardenBinary.run(["scan", repository.path, "--format", "json", "-o", device])
            #expect(result.status == 1, "\(result.standardError)")
            #expect(result.standardOutput.contains("\"runway-api-key\""), "\(device): \(result.standardOutput)")
        }
        var after = stat()
        #expect(lstat("/dev/stdout", &after) == 0)
        #expect(after.st_mode & S_IFMT == before.st_mode & S_IFMT)
        #expect(after.st_mode & S_IFMT != S_IFREG)
    }
}

private func sha256Hex(_ text: String) -> String {
    let result = try? ProcessRunner.run("/usr/bin/env", ["python3", "-c", "import hashlib,sys; print(hashlib.sha256(sys.stdin.read().encode()).hexdigest())"], input: text)
    return result?.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
}
