import Foundation
import TestSupport
import Testing

/// Every place a key hides in a repository, each next to a look-alike that must not be reported:
/// binary files, UTF-16 without a byte-order mark, a big one-line file, keywarden's own files,
/// commit and tag messages, every stash entry.
@Suite struct HidingPlacesTests {
    /// A key's body is what must appear in a finding; a look-alike is one hex digit short.
    static func lookAlike() -> String { "key_" + TestKeys.random(127) }

    static func json(_ result: ProcessResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    }

    static func secrets(_ document: [String: Any]) -> Set<String> {
        Set((document["findings"] as? [[String: Any]] ?? []).compactMap { $0["secretSha256"] as? String })
    }

    static func sha256(_ text: String) -> String { IndependentDigest.sha256(text) }

    static func paths(_ document: [String: Any]) -> Set<String> {
        Set((document["findings"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String })
    }

    /// Each problem as `subject: reason`.
    static func problems(_ document: [String: Any]) -> [String] {
        (document["problems"] as? [[String: Any]] ?? []).map { "\($0["subject"] ?? ""): \($0["reason"] ?? "")" }
    }

    /// Binary content, UTF-16 without a mark and a big file, in the working tree, in history and staged.
    @Test func binaryUTF16AndBigFilesInEveryMode() throws {
        let repository = try RepositoryBuilder()
        let behindNul = TestKeys.runway()
        let inDatabase = TestKeys.runway()
        let inUTF16 = TestKeys.runway()
        let inBigFile = TestKeys.runway()
        let decoy = Self.lookAlike()
        try repository.write("notes.txt", bytes: [0] + Array("RUNWAY=\(behindNul)\n".utf8))
        // A database-like file: a header, zero padding, the key among other strings, more binary.
        try repository.write(
            "app.db",
            bytes: Array("SQLite format 3\0".utf8) + [UInt8](repeating: 0, count: 4000) + Array("config\u{1}\(inDatabase)".utf8)
                + [0, 0, 7, 255, 3] + Array("other \(decoy)".utf8) + [UInt8](repeating: 0, count: 100))
        let script = "$env:RUNWAYML_API_SECRET = \"\(inUTF16)\"\r\n"
        try repository.write("deploy.ps1", bytes: Array(script.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        var big = "{\"bundle\":\"" + String(repeating: "abcdefghij", count: 1_200_000) + "\",\"token\":\"\(inBigFile)\"}"
        big += "\n"
        try repository.write("dist/bundle.json", big)
        let base = try repository.commit("hiding places")
        let expected = Set([behindNul, inDatabase, inUTF16, inBigFile].map(Self.sha256))

        for mode in [["scan"], ["scan", "--history", "--no-cache"], ["scan", "--range", base]] {
            let result = try KeyWardenBinary.run(mode + [repository.path, "--format", "json"])
            #expect(result.status == 1, "\(mode): \(result.standardError)")
            let document = try Self.json(result)
            #expect(Self.secrets(document) == expected, "\(mode)")
            #expect(!Self.secrets(document).contains(Self.sha256(decoy)))
            let offsets = (document["findings"] as? [[String: Any]] ?? []).filter { $0["path"] as? String == "notes.txt" }
                .compactMap { $0["offset"] as? Int }
            #expect(offsets == [8], "\(mode)")
        }
        // CSV gives the offset in its own column.
        let csv = try KeyWardenBinary.run(["scan", repository.path, "--format", "csv"]).standardOutput.components(separatedBy: "\r\n")
        let header = csv[0].split(separator: ",").map(String.init)
        let offsetColumn = try #require(header.firstIndex(of: "offset"))
        let notesRow = try #require(csv.first { $0.contains(",notes.txt,") }).split(separator: ",", omittingEmptySubsequences: false)
        #expect(notesRow[offsetColumn] == "8", "\(notesRow)")
        // Staged, under a directory named on the command line.
        let staged = TestKeys.runway()
        try repository.write("dist/more/staged.bin", bytes: [0, 1] + Array(staged.utf8))
        try repository.git(["add", "dist/more/staged.bin"])
        let underDirectory = try KeyWardenBinary.run(["scan", "--staged", "dist", "--format", "json"], in: repository.path)
        #expect(underDirectory.status == 1, "\(underDirectory.standardOutput)\(underDirectory.standardError)")
        #expect(Self.secrets(try Self.json(underDirectory)) == [Self.sha256(staged)])
        let elsewhere = try KeyWardenBinary.run(["scan", "--staged", "src"], in: repository.path)
        #expect(elsewhere.status == 0)
    }

    /// A file skipped for its size is named in every format, not only counted.
    @Test func aFileSkippedForSizeIsNamedInEveryFormat() throws {
        let repository = try RepositoryBuilder()
        try repository.write("big.log", String(repeating: "line of log\n", count: 1000))
        try repository.write("app.env", "K=\(TestKeys.runway())\n")
        try repository.commit("a big log")
        for format in ["text", "json", "sarif", "csv"] {
            let result = try KeyWardenBinary.run(["scan", repository.path, "--max-file-size", "5000", "--format", format])
            #expect(result.status == 1)
            #expect(result.standardOutput.contains("big.log"), "\(format): \(result.standardOutput)")
        }
    }

    /// keywarden's own files are scanned like any other: what keywarden writes there is never
    /// reported, a key pasted there is — at any depth.
    @Test func keywardensOwnFilesAreScanned() throws {
        let repository = try RepositoryBuilder()
        let committed = TestKeys.runway()
        try repository.write("app.env", "K=\(committed)\n")
        try repository.commit("a key")
        let scratch = try TemporaryDirectory("own-files")
        let inventory = repository.path + "/.keywarden/inventory.toml"
        #expect(try KeyWardenBinary.run(["baseline", "create", repository.path, "-o", repository.path + "/.keywarden-baseline.json"]).status == 0)
        let added = try KeyWardenBinary.run(
            ["inventory", "import", repository.path + "/app.env", "--owner", "ops"],
            environment: ["KEYWARDEN_INVENTORY": inventory, "XDG_CACHE_HOME": scratch.path])
        #expect(added.status == 0, "\(added.standardError)")
        let report = try Self.json(try KeyWardenBinary.run(["scan", repository.path, "--format", "json"]))
        let fingerprint = try #require((report["findings"] as? [[String: Any]])?.first?["fingerprint"] as? String)
        try repository.write(".keywardenignore", "\(fingerprint) the old test key, disabled\n")
        try repository.remove("app.env")
        let clean = try KeyWardenBinary.run(["scan", repository.path])
        #expect(clean.status == 0, "keywarden's own lines were reported: \(clean.standardOutput)")

        let pasted = TestKeys.runway()
        try repository.write("deploy/.keywardenignore", "\(pasted) pasted by mistake\n")
        try repository.write("src/.keywarden/inventory.toml", "# \(pasted)\n")
        let found = try KeyWardenBinary.run(["scan", repository.path, "--format", "json"])
        #expect(found.status == 1)
        let paths = Self.paths(try Self.json(found))
        #expect(paths == ["deploy/.keywardenignore", "src/.keywarden/inventory.toml"])
    }

    /// Commit and tag messages and every stash entry, in history; commit messages in a range too;
    /// and the commit-msg hook blocks a key typed into a message.
    @Test func messagesAndEveryStashEntry() throws {
        let repository = try RepositoryBuilder()
        let inCommit = TestKeys.runway()
        let inTag = TestKeys.runway()
        let inOlderStash = TestKeys.runway()
        let inNewerStash = TestKeys.runway()
        try repository.write("README.md", "# app\n")
        let base = try repository.commit("start")
        try repository.write("a.txt", "a\n")
        try repository.commit("deploy\n\nuse \(inCommit) until the vault works\nnot \(Self.lookAlike()) nor key_<your key here>")
        try repository.git(["tag", "-a", "v1", "-m", "release, token \(inTag)"])
        try repository.write("s.env", "S=\(inOlderStash)\n")
        try repository.git(["add", "s.env"])
        try repository.git(["stash", "-q"])
        try repository.write("s.env", "S=\(inNewerStash)\n")
        try repository.git(["add", "s.env"])
        try repository.git(["stash", "-q"])

        let scratch = try TemporaryDirectory("messages-cache")
        for run in ["first", "cached"] {
            let result = try KeyWardenBinary.run(
                ["scan", "--history", repository.path, "--format", "json"], environment: ["XDG_CACHE_HOME": scratch.path])
            #expect(result.status == 1, "\(run): \(result.standardError)")
            let document = try Self.json(result)
            #expect(Self.secrets(document) == Set([inCommit, inTag, inOlderStash, inNewerStash].map(Self.sha256)), "\(run)")
            let findings = document["findings"] as? [[String: Any]] ?? []
            let commitFinding = findings.first { $0["source"] as? String == "commit-message" }
            #expect(commitFinding?["line"] as? Int == 3, "\(run)")
            #expect(findings.contains { $0["source"] as? String == "tag-message" && $0["path"] as? String == "(tag v1)" }, "\(run)")
        }
        let range = try KeyWardenBinary.run(["scan", "--range", "\(base)..main", repository.path, "--format", "json"])
        #expect(range.status == 1)
        #expect(Self.secrets(try Self.json(range)) == [Self.sha256(inCommit)])

        #expect(try KeyWardenBinary.run(["hook", "install", "--commit-msg", repository.path]).status == 0)
        let status = try KeyWardenBinary.run(["hook", "status", repository.path])
        #expect(status.standardOutput.contains("commit-msg: keywarden"), "\(status.standardOutput)")
        try repository.write("b.txt", "b\n")
        try repository.git(["add", "b.txt"])
        let git = ProcessRunner.which("git")!
        let typed = TestKeys.runway()
        let blocked = try ProcessRunner.run(git, ["commit", "-q", "-m", "quick fix, key \(typed)"], in: repository.path)
        #expect(blocked.status != 0)
        #expect(!(blocked.standardOutput + blocked.standardError).contains(typed))
        #expect((blocked.standardOutput + blocked.standardError).contains("(commit message)"), "\(blocked.standardError)")
        let clean = try ProcessRunner.run(git, ["commit", "-q", "-m", "quick fix"], in: repository.path)
        #expect(clean.status == 0, "\(clean.standardError)")
    }

    /// Writes the archive fixtures (`Tests/Fixtures/make-archives.py`: the zip family, nested zips,
    /// tars, gzip, bzip2) into `directory`, the seven `keys` one in each.
    static func makeArchives(in directory: String, holding keys: [String]) throws {
        let script = KeyWardenBinary.packageRoot + "/Tests/Fixtures/make-archives.py"
        let made = try ProcessRunner.run(
            try #require(ProcessRunner.which("python3")), [script, directory], input: keys.joined(separator: "\n"))
        #expect(made.status == 0, "\(made.standardError)")
    }

    /// Archives and compressed files in every mode: the zip family, nested zips, tar with gzip and
    /// xz, gzip and bzip2 on their own; members named `outer!inner`, look-alikes inside not reported.
    @Test func archivesAndCompressedFilesInEveryMode() throws {
        let repository = try RepositoryBuilder()
        let keys = (0..<7).map { _ in TestKeys.runway() }
        try Self.makeArchives(in: repository.path + "/dist", holding: keys)
        let base = try repository.commit("archives")
        let expectedPaths: Set<String> = [
            "dist/config.zip!conf/app.env", "dist/bundle.jar!lib/inner.zip!deep/token.txt", "dist/release.tar.gz!etc/prod.env",
            "dist/app.log.gz!app.log", "dist/report.docx!word/document.xml", "dist/backup.tar.xz!db/creds", "dist/notes.bz2!notes",
        ]
        for mode in [["scan"], ["scan", "--history", "--no-cache"], ["scan", "--range", base]] {
            let result = try KeyWardenBinary.run(mode + [repository.path, "--format", "json"])
            #expect(result.status == 1, "\(mode): \(result.standardError)")
            let document = try Self.json(result)
            #expect(Self.secrets(document) == Set(keys.map(Self.sha256)), "\(mode)")
            let paths = Self.paths(document)
            #expect(paths == expectedPaths, "\(mode)")
        }
        // Staged: a new archive about to be committed.
        let staged = TestKeys.runway()
        try Self.makeArchives(in: repository.path + "/more", holding: Array(repeating: staged, count: 7))
        try repository.git(["add", "more"])
        let stagedScan = try KeyWardenBinary.run(["scan", "--staged", "--format", "json"], in: repository.path)
        #expect(stagedScan.status == 1)
        #expect(Self.secrets(try Self.json(stagedScan)) == [Self.sha256(staged)])
        // --archive-depth 0 opens nothing; 1 opens the outer zip but not the zip inside it.
        let closed = try Self.json(try KeyWardenBinary.run(["scan", repository.path + "/dist", "--archive-depth", "0", "--format", "json"]))
        #expect(!Self.secrets(closed).contains(Self.sha256(keys[0])))
        let shallow = try Self.json(try KeyWardenBinary.run(["scan", repository.path + "/dist", "--archive-depth", "1", "--format", "json"]))
        #expect(Self.secrets(shallow).contains(Self.sha256(keys[0])) && !Self.secrets(shallow).contains(Self.sha256(keys[1])))
    }

    /// An archive a later commit copies to another path is found there with its members' names
    /// (`copies/config.zip!conf/app.env`), whether the copy takes the first path's findings, is read
    /// again from the history cache, or is audited.
    @Test func anArchiveCopiedToAnotherPathKeepsItsMembersNames() throws {
        let repository = try RepositoryBuilder()
        let keys = (0..<7).map { _ in TestKeys.runway() }
        try Self.makeArchives(in: repository.path + "/dist", holding: keys)
        _ = try repository.commit("archives")
        try FileManager.default.createDirectory(atPath: repository.path + "/copies", withIntermediateDirectories: true)
        for name in ["config.zip", "bundle.jar"] {
            try FileManager.default.copyItem(atPath: repository.path + "/dist/" + name, toPath: repository.path + "/copies/" + name)
        }
        _ = try repository.commit("copies")
        let copied: Set<String> = ["copies/config.zip!conf/app.env", "copies/bundle.jar!lib/inner.zip!deep/token.txt"]
        let cache = try TemporaryDirectory()
        for round in ["walked", "from the cache"] {
            let result = try KeyWardenBinary.run(
                ["scan", "--history", "--format", "json", repository.path], environment: ["XDG_CACHE_HOME": cache.path])
            #expect(result.status == 1, "\(round): \(result.standardError)")
            let paths = Self.paths(try Self.json(result))
            #expect(copied.isSubset(of: paths), "\(round): \(paths.sorted())")
            #expect(!paths.contains("copies/config.zip") && !paths.contains("copies/bundle.jar"), "\(round): \(paths.sorted())")
        }
        let audit = try KeyWardenBinary.run(["audit", "--format", "json", repository.path], environment: ["XDG_CACHE_HOME": cache.path])
        let places = Set(try #require(try Self.json(audit)["findings"] as? [[String: Any]]).compactMap { $0["path"] as? String })
        #expect(copied.isSubset(of: places), "\(places.sorted())")
    }

    /// A zip bomb (zips of zips of zeros) is refused with a named problem, exit 2, not silence.
    @Test func aZipBombIsANamedProblem() throws {
        let directory = try TemporaryDirectory("bomb")
        let script = KeyWardenBinary.packageRoot + "/Tests/Fixtures/make-archives.py"
        let made = try ProcessRunner.run(try #require(ProcessRunner.which("python3")), [script, directory.path, "--bomb"])
        #expect(made.status == 0, "\(made.standardError)")
        let result = try KeyWardenBinary.run(["scan", directory.path])
        #expect(result.status == 2)
        #expect(result.standardOutput.contains("42.zip: archive limit reached"), "\(result.standardOutput)")
    }

    /// tar takes a block of zeros for its end: a compressed file that starts with zeros is not an
    /// empty tar but one compressed file, and what follows the zeros is scanned. A gzip of nothing
    /// but zeros expanding past the limit is a named problem, not an empty archive.
    @Test func aCompressedFileStartingWithZerosIsNotAnEmptyTar() throws {
        let directory = try TemporaryDirectory("zeros")
        let key = TestKeys.runway()
        let compress = """
            import gzip,sys
            open(sys.argv[1] + '/app.log.gz','wb').write(gzip.compress(b'\\0' * 4096 + b'token = ' + sys.argv[2].encode() + b'\\n'))
            open(sys.argv[1] + '/zeros.gz','wb').write(gzip.compress(b'\\0' * (64 << 20), 9))
            """
        let made = try ProcessRunner.run(try #require(ProcessRunner.which("python3")), ["-c", compress, directory.path, key])
        #expect(made.status == 0, "\(made.standardError)")
        let result = try KeyWardenBinary.run(["scan", directory.path, "--format", "json"])
        #expect(result.status == 2, "\(result.standardError)")
        let document = try Self.json(result)
        #expect(Self.secrets(document) == [Self.sha256(key)])
        #expect(Self.paths(document) == ["app.log.gz!app.log"])
        let offsets = (document["findings"] as? [[String: Any]] ?? []).compactMap { $0["offset"] as? Int }
        #expect(offsets == [4096 + 8])
        #expect(Self.problems(document).contains { $0.hasPrefix("zeros.gz: archive limit reached") }, "\(Self.problems(document))")
    }

    /// The limits against bombs can be raised for content known to compress well, and lowered.
    @Test func archiveLimitsAreOptions() throws {
        let directory = try TemporaryDirectory("limits")
        let key = TestKeys.runway()
        // 4 MB of one repeated line, then the key: far more than 100 times its compressed size.
        let compress = "import gzip,sys; open(sys.argv[1],'wb').write(gzip.compress(('filler line\\n'*350000 + 'RUNWAY=' + sys.argv[2] + '\\n').encode()))"
        let made = try ProcessRunner.run(try #require(ProcessRunner.which("python3")), ["-c", compress, directory.path + "/app.log.gz", key])
        #expect(made.status == 0, "\(made.standardError)")
        let refused = try KeyWardenBinary.run(["scan", directory.path, "--format", "json"])
        #expect(refused.status == 2, "\(refused.standardError)")
        #expect(Self.problems(try Self.json(refused)).contains { $0.contains("times its") }, "\(refused.standardOutput)")
        let raised = try KeyWardenBinary.run(["scan", directory.path, "--format", "json", "--archive-max-ratio", "100000"])
        #expect(raised.status == 1, "\(raised.standardError)")
        #expect(Self.secrets(try Self.json(raised)) == [Self.sha256(key)])
        #expect(Self.problems(try Self.json(raised)).isEmpty)
        let lowered = try KeyWardenBinary.run(["scan", directory.path, "--format", "json", "--archive-max-ratio", "100000", "--archive-max-size", "1000"])
        #expect(lowered.status == 2)
        #expect(Self.problems(try Self.json(lowered)).contains { $0.hasPrefix("app.log.gz: archive limit reached") }, "\(lowered.standardOutput)")
        let invalid = try KeyWardenBinary.run(["scan", directory.path, "--archive-max-entries", "0"])
        #expect(invalid.status == 64, "\(invalid.status)")
        #expect(invalid.standardError.contains("--archive-max-entries must be at least 1"), "\(invalid.standardError)")
    }

    /// Archives larger than the 32 MiB a working-tree file is read whole up to are streamed from the
    /// file: a key in a member expanded before the limit is found (even at the start of a member the
    /// limit cuts short), and the limit is named for the rest, exit 2.
    @Test func largeWorkingTreeArchivesAreOpened() throws {
        let directory = try TemporaryDirectory("big-archives")
        let keys = (0..<4).map { _ in TestKeys.runway() }
        let script = KeyWardenBinary.packageRoot + "/Tests/Fixtures/make-archives.py"
        let made = try ProcessRunner.run(
            try #require(ProcessRunner.which("python3")), [script, directory.path, "--big"], input: keys.joined(separator: "\n"))
        #expect(made.status == 0, "\(made.standardError)")
        for name in ["big.log.gz", "big.zip"] {
            let size = try #require(try FileManager.default.attributesOfItem(atPath: directory.path + "/" + name)[.size] as? Int)
            #expect(size > 32 << 20, "\(name) is \(size) bytes: not large enough to be read in chunks")
        }
        let result = try KeyWardenBinary.run(["scan", directory.path, "--format", "json"])
        #expect(result.status == 2, "\(result.standardError)")
        let document = try Self.json(result)
        #expect(Self.secrets(document) == [Self.sha256(keys[0]), Self.sha256(keys[1])])
        let paths = Self.paths(document)
        #expect(paths == ["big.log.gz!big.log", "big.zip!b/.env"])
        let problems = Self.problems(document)
        for name in ["big.log.gz", "big.zip"] {
            #expect(problems.contains { $0.hasPrefix(name + ": archive limit reached") }, "\(problems)")
        }

        // Damaged past its second member: the members before are read, then its raw bytes are
        // scanned whole (a stored member's key is in them), however large, and the damage is named.
        var zip = try Data(contentsOf: URL(fileURLWithPath: directory.path + "/big.zip"))
        let third = try #require(zip.range(of: Data("c/noise.bin".utf8)))
        let header = try #require(zip.range(of: Data([0x50, 0x4B, 0x03, 0x04]), options: .backwards, in: 0..<third.lowerBound))
        zip.replaceSubrange(header, with: Data("XXXX".utf8))
        let damaged = try TemporaryDirectory("damaged-archive")
        try zip.write(to: URL(fileURLWithPath: damaged.path + "/cut.zip"))
        let damagedScan = try KeyWardenBinary.run(["scan", damaged.path, "--format", "json"])
        #expect(damagedScan.status == 2, "\(damagedScan.standardError)")
        let damagedDocument = try Self.json(damagedScan)
        #expect(Self.secrets(damagedDocument) == [Self.sha256(keys[1]), Self.sha256(keys[3])])
        let damagedPaths = Self.paths(damagedDocument)
        #expect(damagedPaths == ["cut.zip!b/.env", "cut.zip"])
        let damagedProblems = Self.problems(damagedDocument)
        #expect(
            damagedProblems.contains { $0.hasPrefix("cut.zip: archive cannot be read") && $0.hasSuffix("its raw bytes were scanned instead") },
            "\(damagedProblems)")
    }

    /// A commit amended away stays in the object database: counted without the flag, scanned with
    /// `--include-unreachable`, attributed to the unreachable commit; a dangling blob to itself.
    @Test func unreachableObjectsAreCountedAndScannedOnRequest() throws {
        let repository = try RepositoryBuilder()
        let reachable = TestKeys.runway()
        try repository.write("a.txt", "a = \(reachable)\n")
        try repository.commit("base")
        let amended = TestKeys.runway()
        try repository.write("k.env", "K=\(amended)\n")
        try repository.write("b.txt", "b\n")
        let lost = try repository.commit("oops")
        try repository.remove("k.env")
        try repository.git(["add", "-A"])
        try repository.git(["commit", "-q", "--amend", "-m", "fixed"])
        let dangling = TestKeys.runway()
        let blob = try repository.git(["hash-object", "-w", "--stdin"], input: "token = \(dangling)\n")
        try repository.git(["reflog", "expire", "--expire=now", "--all"])
        let decoy = try repository.git(["hash-object", "-w", "--stdin"], input: "not \(Self.lookAlike())\n")
        #expect(!decoy.isEmpty)

        let plain = try KeyWardenBinary.run(["scan", "--history", "--no-cache", repository.path, "--format", "json"])
        #expect(plain.status == 1, "\(plain.standardOutput)")
        #expect(Self.secrets(try Self.json(plain)) == [Self.sha256(reachable)])
        let notes = try Self.json(plain)["notes"] as? [String] ?? []
        #expect(notes.contains { $0.contains("no reference reaches") && $0.contains("--include-unreachable") }, "\(notes)")

        let full = try KeyWardenBinary.run(["scan", "--history", "--include-unreachable", repository.path, "--format", "json"])
        #expect(full.status == 1, "\(full.standardError)")
        let document = try Self.json(full)
        #expect(Self.secrets(document) == Set([reachable, amended, dangling].map(Self.sha256)))
        let findings = document["findings"] as? [[String: Any]] ?? []
        #expect(findings.first { $0["path"] as? String == "k.env" }?["commit"] as? String == lost)
        #expect(findings.first { ($0["path"] as? String ?? "").hasPrefix("(unreachable blob") }?["commit"] as? String == blob)
        // Each finding says whether a reference still holds it.
        let unreachable = Dictionary(findings.map { ($0["secretSha256"] as? String ?? "", $0["unreachable"] as? Bool ?? false) }, uniquingKeysWith: { $0 || $1 })
        #expect(unreachable == [Self.sha256(reachable): false, Self.sha256(amended): true, Self.sha256(dangling): true])
        let sarif = try KeyWardenBinary.run(["scan", "--history", "--include-unreachable", repository.path, "--format", "sarif"])
        let results = ((try Self.json(sarif)["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
        let flagged = results.filter { ($0["properties"] as? [String: Any])?["unreachable"] as? Bool == true }
        #expect(results.count == 3 && flagged.count == 2, "\(results.count) results, \(flagged.count) unreachable")
    }

    /// The pre-push hook and `keywarden ci` check the messages of the commits they check, and only
    /// those: a key in the message of a commit already pushed is not reported again.
    @Test func thePrePushHookAndCICheckTheMessagesTheyPush() throws {
        let remote = try RepositoryBuilder(bare: true)
        let repository = try RepositoryBuilder()
        try repository.git(["remote", "add", "origin", remote.path])
        try repository.write("a.txt", "a\n")
        let old = TestKeys.runway()
        let base = try repository.commit("base, tried with \(old)")
        #expect(try ProcessRunner.run(ProcessRunner.which("git")!, ["push", "-q", "origin", "main"], in: repository.path).status == 0)
        #expect(try KeyWardenBinary.run(["hook", "install", "--pre-push", repository.path]).status == 0)
        try repository.write("b.txt", "b\n")
        let typed = TestKeys.runway()
        let leak = try repository.commit("retry renders\n\nworks with \(typed)\nnot \(Self.lookAlike())")
        let push = try ProcessRunner.run(ProcessRunner.which("git")!, ["push", "-q", "origin", "main"], in: repository.path)
        #expect(push.status != 0, "a key in a pushed commit's message went through")
        #expect((push.standardOutput + push.standardError).contains("(commit message)"), "\(push.standardOutput)\(push.standardError)")
        #expect(!(push.standardOutput + push.standardError).contains(typed))

        let scratch = try TemporaryDirectory("ci-message")
        let event = scratch.path + "/event.json"
        try JSONSerialization.data(withJSONObject: ["before": base, "after": leak]).write(to: URL(fileURLWithPath: event))
        let sarif = scratch.path + "/out.sarif"
        let ci = try KeyWardenBinary.run(
            ["ci", repository.path, "--sarif", sarif],
            environment: ["GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push", "GITHUB_EVENT_PATH": event])
        #expect(ci.status == 1, "\(ci.standardOutput)\(ci.standardError)")
        let results = ((try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: sarif))) as? [String: Any])?["runs"]
            as? [[String: Any]])?.first?["results"] as? [[String: Any]] ?? []
        let digests = results.compactMap { ($0["properties"] as? [String: Any])?["secretSha256"] as? String }
        #expect(digests == [Self.sha256(typed)], "\(ci.standardOutput)")
    }

    /// The audit says where a key that is only in a commit message was committed.
    @Test func theAuditPlacesAKeyFromACommitMessage() throws {
        let repository = try RepositoryBuilder()
        try repository.write("a.txt", "a\n")
        let commit = try repository.commit("deploy with \(TestKeys.runway())")
        let scratch = try TemporaryDirectory("audit-message")
        let result = try KeyWardenBinary.run(
            ["audit", repository.path], environment: ["KEYWARDEN_INVENTORY": scratch.path + "/inventory.toml", "XDG_CACHE_HOME": scratch.path])
        #expect(result.status == 1, "\(result.standardError)")
        #expect(result.standardOutput.contains("committed in 1 commit (first \(commit.prefix(12))"), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("(commit message)"))
    }
}
