import Foundation
import TestSupport
import Testing

@Suite struct InventoryCommandTests {
    @Test func keysComeFromStdinOrEnvironmentAndOnlyFingerprintsAreStored() throws {
        let directory = try TemporaryDirectory("inv-cli")
        let inventory = directory.path + "/inv.toml"
        let (first, second) = (TestKeys.runway(), TestKeys.runway())
        let added = try ProcessRunner.run(
            KeyWardenBinary.path, ["inventory", "add", "--env", "production", "--owner", "ops@example.com", "--name", "web-prod", "--stdin", "--inventory", inventory],
            input: first + "\n")
        #expect(added.status == 0, "\(added.standardError)")
        let fromEnvironment = try KeyWardenBinary.run(
            ["inventory", "add", "--env", "development", "--owner", "alice@example.com", "--from-env", "MY_KEY", "--inventory", inventory],
            environment: ["MY_KEY": second])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.standardError)")
        let rejected = try ProcessRunner.run(
            KeyWardenBinary.path, ["inventory", "add", "--env", "x", "--owner", "y", "--stdin", "--inventory", inventory], input: "key_123\n")
        #expect(rejected.status == 2)
        let stored = try String(contentsOfFile: inventory, encoding: .utf8)
        #expect(!stored.contains(first) && !stored.contains(second))
        #expect(stored.contains(IndependentDigest.sha256(first)))
        let list = try KeyWardenBinary.run(["inventory", "list", "--inventory", inventory])
        #expect(list.standardOutput.contains("web-prod") && list.standardOutput.contains("development"))
        #expect(try KeyWardenBinary.run(["inventory", "disable", "web-prod", "--inventory", inventory]).status == 0)
        #expect(try KeyWardenBinary.run(["inventory", "list", "--inventory", inventory]).standardOutput.contains("disabled"))
    }

    @Test func concurrentWritersLoseNoEntry() throws {
        let directory = try TemporaryDirectory("inv-concurrent")
        let inventory = directory.path + "/inv.toml"
        let writers = 8
        let group = DispatchGroup()
        for index in 0..<writers {
            DispatchQueue.global().async(group: group) {
                _ = try? ProcessRunner.run(
                    KeyWardenBinary.path,
                    ["inventory", "add", "--env", "dev", "--owner", "dev\(index)@example.com", "--id", "dev-\(index)", "--stdin", "--inventory", inventory],
                    input: TestKeys.runway() + "\n")
            }
        }
        group.wait()
        let list = try KeyWardenBinary.run(["inventory", "list", "--inventory", inventory])
        #expect(list.standardOutput.contains("\(writers) keys"), "\(list.standardOutput)")
    }

    @Test func auditExitCodesAndMergeAcrossRepositories() throws {
        let (first, second) = (try RepositoryBuilder(), try RepositoryBuilder())
        let key = TestKeys.runway()
        try first.write("a.env", "K=\(key)\n")
        try first.commit("a")
        try second.write("b.env", "K=\(key)\n")
        try second.commit("b")
        let scratch = try TemporaryDirectory("audit-merge")
        let inventory = scratch.path + "/inv.toml"
        for (index, repository) in [first, second].enumerated() {
            let result = try KeyWardenBinary.run(["audit", repository.path, "--format", "json", "-o", "\(scratch.path)/r\(index).json", "--inventory", inventory])
            #expect(result.status == 1)
        }
        let merged = try KeyWardenBinary.run(["audit", "--merge", "\(scratch.path)/r0.json", "\(scratch.path)/r1.json", "--format", "json", "--inventory", inventory])
        #expect(merged.status == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(merged.standardOutput.utf8)) as? [String: Any])
        let keys = try #require(document["keys"] as? [[String: Any]])
        #expect(keys.count == 1)
        #expect((keys.first?["repositories"] as? [String])?.count == 2)
        let actions = (keys.first?["recommendations"] as? [[String: Any]])?.compactMap { $0["action"] as? String } ?? []
        #expect(actions.contains("replace-shared") && actions.contains("disable-now") && actions.contains("identify-owner"))
        #expect(!merged.standardOutput.contains(key))
        let markdown = try KeyWardenBinary.run(["audit", first.path, "--format", "markdown", "--inventory", inventory])
        #expect(markdown.standardOutput.contains("## keywarden audit"))
        let clean = try TemporaryDirectory("audit-clean")
        try clean.write("README", "nothing\n")
        #expect(try KeyWardenBinary.run(["audit", clean.path, "--inventory", inventory]).status == 0)
    }

    @Test func auditAgreesWithTheCorpusTruth() throws {
        let script = KeyWardenBinary.packageRoot + "/bench/plant-corpus.py"
        let directory = try TemporaryDirectory("audit-corpus")
        #expect(try ProcessRunner.run(try #require(ProcessRunner.which("python3")), [script, directory.path + "/c", "--seed", "5"]).status == 0)
        let truth = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.path + "/c/truth.json"))) as? [String: Any])
        let result = try KeyWardenBinary.run(["audit", directory.path + "/c/repo", "--format", "json", "--inventory", directory.path + "/none.toml"])
        #expect(result.status == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let keys = Dictionary(uniqueKeysWithValues: (document["keys"] as? [[String: Any]] ?? []).map { ($0["secretSha256"] as? String ?? "", $0) })
        for planted in truth["keys"] as? [[String: Any]] ?? [] {
            let sha = planted["sha256"] as? String ?? ""
            let audit = try #require(keys[sha], "the audit lacks \(planted["places"] ?? "?")")
            #expect(Set(audit["authors"] as? [String] ?? []) == Set(planted["authors"] as? [String] ?? []), "authors of \(planted["places"] ?? "?")")
            #expect(audit["inWorktree"] as? Bool == planted["in_worktree"] as? Bool, "inWorktree of \(planted["places"] ?? "?")")
            // CI workflow files count as the "ci" environment, which the corpus does not record.
            let environments = Set(audit["environments"] as? [String] ?? []).subtracting(["ci"])
            #expect(environments == Set(planted["environments"] as? [String] ?? []), "environments of \(planted["places"] ?? "?")")
        }
    }

    /// A full disk (here: a file-size limit, so writes fail with EFBIG) or a process killed in the
    /// middle of writing leaves the inventory exactly as it was, with no temporary file lying about.
    @Test(
        .disabled(
            if: ProcessInfo.processInfo.environment["KEYWARDEN_TEST_SANITIZER"] == "thread",
            "under `ulimit -f 1` ThreadSanitizer's own runtime dies with SIGBUS before keywarden runs (even `--version`)"))
    func aFailedOrKilledWriteLeavesTheInventoryIntact() throws {
        let directory = try TemporaryDirectory("inv-full")
        let inventory = directory.path + "/inventory.toml"
        for index in 0..<3 {
            let added = try ProcessRunner.run(
                KeyWardenBinary.path, ["inventory", "add", "--env", "dev", "--owner", "dev\(index)@example.com", "--id", "dev-\(index)", "--stdin", "--inventory", inventory],
                input: TestKeys.runway() + "\n")
            #expect(added.status == 0, "\(added.standardError)")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: inventory))
        #expect(before.count > 1024)
        let shell = try #require(ProcessRunner.which("sh"))
        // ulimit -f counts 512-byte blocks in sh: the rewritten file cannot reach its old size.
        let limited = "ulimit -f 1; exec \"$0\" inventory add --env dev --owner new@example.com --id new --stdin --inventory \"$1\""
        let failed = try ProcessRunner.run(shell, ["-c", "trap '' XFSZ; " + limited, KeyWardenBinary.path, inventory], input: TestKeys.runway() + "\n")
        #expect(failed.status == 2, "exit \(failed.status): \(failed.standardError)")
        #expect(failed.standardError.contains("inventory.toml"))
        let killed = try ProcessRunner.run(shell, ["-c", limited, KeyWardenBinary.path, inventory], input: TestKeys.runway() + "\n")
        #expect(killed.status != 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: inventory)) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains(".keywarden-") }
        // The failed write cleans up after itself; a killed one cannot, and its temporary file is harmless.
        #expect(leftovers.count <= 1, "\(leftovers)")
        let list = try KeyWardenBinary.run(["inventory", "list", "--inventory", inventory])
        #expect(list.status == 0 && list.standardOutput.contains("3 keys"))
    }

    /// A finding ruled out in the repository's .keywardenignore stays out of the audit, as of the scan.
    /// The audit takes a working-tree file's findings from the history's scan of the same bytes at
    /// the same path; what it reports must be what a scan of the working tree reports, whatever the
    /// history holds: a file changed since its commit, a copy at another path, and an allowlist that
    /// names the commit (which hides a key in history, never in the working tree).
    @Test func theAuditsWorkingTreeIsWhatAScanOfItFinds() throws {
        let repository = try RepositoryBuilder()
        let aws = "AKIA" + TestKeys.random(16, from: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        let (kept, changed, added) = (TestKeys.runway(), TestKeys.runway(), TestKeys.runway())
        try repository.write("deploy/settings.py", "RUNWAY = \"\(kept)\"\naws_access_key_id = \(aws)\n")
        try repository.write("deploy/app.env", "RUNWAYML_API_SECRET=\(changed)\n")
        let commit = try repository.commit("keys")
        try repository.write("deploy/app.env", "RUNWAYML_API_SECRET=\(changed)\nBACKUP=\(added)\n")
        try FileManager.default.copyItem(atPath: repository.path + "/deploy/settings.py", toPath: repository.path + "/copy.py")
        let scratch = try TemporaryDirectory("audit-reuse")
        try """
            [extend]
            useDefault = true

            [[allowlists]]
            description = "the AWS key of the first commit is a fixture"
            targetRules = ["aws-access-key-id"]
            commits = ["\(commit)"]
            """.write(toFile: scratch.path + "/rules.toml", atomically: true, encoding: .utf8)
        for config in [[], ["--config", scratch.path + "/rules.toml"]] {
            let scan = try KeyWardenBinary.run(["scan", repository.path, "--format", "json"] + config)
            let scanned = try #require(try JSONSerialization.jsonObject(with: Data(scan.standardOutput.utf8)) as? [String: Any])
            let expected = Set(try #require(scanned["findings"] as? [[String: Any]]).map { "\($0["path"]!):\($0["line"]!):\($0["secretSha256"]!)" })
            #expect(expected.count == 6, "\(config): \(expected.sorted())")
            // Twice: the history walked, then read again from its cache.
            for round in ["walked", "from the cache"] {
                let audit = try KeyWardenBinary.run(
                    ["audit", repository.path, "--format", "json", "--inventory", scratch.path + "/none.toml"] + config,
                    environment: ["XDG_CACHE_HOME": scratch.path + "/cache"])
                #expect(audit.status == 1, "\(audit.standardError)")
                let document = try #require(try JSONSerialization.jsonObject(with: Data(audit.standardOutput.utf8)) as? [String: Any])
                let findings = try #require(document["findings"] as? [[String: Any]])
                let tree = Set(findings.filter { $0["source"] as? String == "worktree" }.map { "\($0["path"]!):\($0["line"]!):\($0["secretSha256"]!)" })
                #expect(tree == expected, "\(config) \(round): \(tree.symmetricDifference(expected).sorted())")
                let history = findings.filter { $0["source"] as? String == "history" }.compactMap { $0["secretSha256"] as? String }
                #expect(history.contains(IndependentDigest.sha256(aws)) == config.isEmpty, "\(config) \(round)")
            }
        }
    }

    @Test func auditHonoursTheIgnoreFile() throws {
        let repository = try RepositoryBuilder()
        try repository.write("config.env", "RUNWAYML_API_SECRET=\(TestKeys.runway())\n")
        try repository.commit("key")
        let scratch = try TemporaryDirectory("audit-ignore")
        let inventory = scratch.path + "/none.toml"
        #expect(try KeyWardenBinary.run(["audit", repository.path, "--inventory", inventory]).status == 1)
        let scan = try KeyWardenBinary.run(["scan", repository.path, "--format", "json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(scan.standardOutput.utf8)) as? [String: Any])
        let fingerprint = try #require(((document["findings"] as? [[String: Any]])?.first?["fingerprint"]) as? String)
        try repository.write(".keywardenignore", "\(fingerprint)  a disabled test key, kept for the fixture\n")
        let audit = try KeyWardenBinary.run(["audit", repository.path, "--inventory", inventory])
        #expect(audit.status == 0, "\(audit.standardOutput)\(audit.standardError)")
        try repository.write(".keywardenignore", "not-a-fingerprint  oops\n")
        #expect(try KeyWardenBinary.run(["audit", repository.path, "--inventory", inventory]).status == 2)
    }
}
