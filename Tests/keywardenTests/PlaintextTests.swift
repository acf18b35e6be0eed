import Foundation
import TestSupport
import Testing

/// The promise of SECURITY.md, held against every command: with default options no output stream,
/// report, file written or cache entry carries a found key, in any of the forms it was planted in.
@Suite struct PlaintextTests {
    @Test func noCommandWritesAFoundKeyAnywhere() throws {
        let repository = try RepositoryBuilder()
        let (committed, deleted, staged, other) = (TestKeys.runway(), TestKeys.runway(), TestKeys.runway(), TestKeys.runway())
        try repository.write(".env.production", "RUNWAYML_API_SECRET=\(committed)\n")
        try repository.write("src/try.py", "key = '\(deleted)'\n")
        try repository.commit("keys", author: .bob)
        try repository.remove("src/try.py")
        try repository.commit("remove it")
        let base = try repository.git(["rev-parse", "HEAD"])
        try repository.write("k8s/secret.yaml", "data:\n  RUNWAYML_API_SECRET: \(Data("\(other)".utf8).base64EncodedString())\n")
        try repository.commit("base64")
        try repository.write("staged.env", "RUNWAYML_API_SECRET=\(staged)\n")
        try repository.git(["add", "staged.env"])
        let scratch = try TemporaryDirectory("plaintext")
        let inventory = scratch.path + "/inventory.toml"
        let environment = [
            "XDG_CACHE_HOME": scratch.path + "/cache", "KEYWARDEN_INVENTORY": inventory, "GITHUB_ACTIONS": "",
            "GITLAB_CI": "", "NO_COLOR": "",
        ]
        let path = repository.path
        let commands: [[String]] = [
            ["scan", path], ["scan", path, "--format", "json"], ["scan", path, "--format", "sarif"],
            ["scan", path, "--format", "csv"], ["scan", path, "--format", "json", "-o", scratch.path + "/tree.json"],
            ["scan", "--history", path], ["scan", "--history", path, "--format", "json"], ["scan", "--history", path],
            ["scan", "--history", path, "--format", "sarif", "-o", scratch.path + "/history.sarif"],
            ["scan", "--since", base, path, "--format", "json"], ["scan", "--range", "\(base)..HEAD", path],
            ["inventory", "import", path + "/.env.production", "--owner", "ops"], ["inventory", "list"],
            ["audit", path], ["audit", path, "--format", "json"], ["audit", path, "--format", "markdown"],
            ["audit", path, "--format", "json", "-o", scratch.path + "/audit.json"],
            ["baseline", "create", "--history", path], ["baseline", "create", path, "-o", scratch.path + "/baseline.json"],
            ["ci", path, "--sarif", scratch.path + "/ci.sarif"], ["hook", "install", path], ["hook", "status", path],
        ]
        var ran = 0
        for command in commands {
            let result = try KeyWardenBinary.run(command, in: path, environment: environment)
            #expect(result.status <= 2, "\(command)")
            Self.expectNoKey([committed, deleted, staged, other], in: result.standardOutput + result.standardError, "\(command)")
            ran += 1
        }
        let staging = try KeyWardenBinary.run(["scan", "--staged", "--format", "json"], in: path, environment: environment)
        #expect(staging.status == 1)
        Self.expectNoKey([staged], in: staging.standardOutput + staging.standardError, "scan --staged")
        // The hook blocks the commit and says why, without the key.
        let commit = try ProcessRunner.run("/usr/bin/git", ["-C", path, "commit", "-q", "-m", "try"], environment: environment)
        #expect(commit.status != 0)
        Self.expectNoKey([staged], in: commit.standardOutput + commit.standardError, "git commit through the hook")
        #expect(ran == commands.count)

        // Every file any command wrote: reports, the inventory, baseline, SARIF, both caches.
        let written = try FileManager.default.subpathsOfDirectory(atPath: scratch.path).filter { !$0.hasSuffix("/") }
        #expect(written.contains { $0.hasPrefix("cache/keywarden/history/") })
        #expect(written.contains("inventory.toml") && written.contains("ci.sarif") && written.contains("baseline.json"))
        for file in written {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: scratch.path + "/" + file, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            let bytes = try Data(contentsOf: URL(fileURLWithPath: scratch.path + "/" + file))
            for key in [committed, deleted, staged, other] {
                #expect(bytes.range(of: Data(key.dropFirst(4).utf8)) == nil, "\(file) holds a key")
                #expect(bytes.range(of: Data(key.dropFirst(4).uppercased().utf8)) == nil, "\(file) holds a key")
            }
        }
    }

    /// Messages that quote what a user wrote — a line of the ignore file, a baseline entry, a
    /// variable name, a regular expression — never carry a key pasted there.
    @Test func noMessageQuotesAKeyPastedIntoUserContent() throws {
        let key = TestKeys.runway()
        let fingerprintShaped = "runway-api-key:" + TestKeys.random(32)
        let scratch = try TemporaryDirectory("quoted")
        let environment = ["XDG_CACHE_HOME": scratch.path + "/cache", "KEYWARDEN_INVENTORY": scratch.path + "/inventory.toml"]
        var outputs: [(String, String)] = []
        func run(_ name: String, _ arguments: [String]) throws {
            let result = try KeyWardenBinary.run(arguments, environment: environment)
            outputs.append((name, result.standardOutput + result.standardError))
        }

        let pasted = try RepositoryBuilder()
        try pasted.write(".keywardenignore", "\(key) pasted instead of its fingerprint\n")
        try pasted.commit("an ignore file holding a key")
        try run("ignore-file parse error", ["scan", pasted.path])

        let expired = try RepositoryBuilder()
        try expired.write(".keywardenignore", "\(fingerprintShaped) expires=2020-01-01 was \(key)\n")
        try expired.commit("an expired entry whose reason quotes a key")
        try run("expired ignore note", ["scan", expired.path])
        try run("expired ignore note (json)", ["scan", expired.path, "-f", "json"])

        let baseline = scratch.path + "/baseline.json"
        try Data(#"{"version":1,"entries":[{"fingerprint":"\#(key)"}]}"#.utf8).write(to: URL(fileURLWithPath: baseline))
        try run("baseline load error", ["scan", expired.path, "--baseline", baseline])
        let stale = scratch.path + "/stale.json"
        try Data(#"{"version":1,"entries":[{"fingerprint":"\#(fingerprintShaped)","path":"\#(key)"}]}"#.utf8)
            .write(to: URL(fileURLWithPath: stale))
        try run("stale baseline note", ["scan", expired.path, "--baseline", stale])

        try run("inventory --from-env with the key as the name", ["inventory", "add", "--from-env", key, "--env", "production", "--owner", "ops"])

        let regex = try RepositoryBuilder()
        try regex.write(".keywarden.toml", "[[allowlists]]\ndescription = \"x\"\nregexes = ['\(key)(']\n")
        try regex.commit("an allowlist regex that does not compile and holds a key")
        try run("regex error", ["scan", regex.path])

        #expect(outputs.count == 7)
        for (name, output) in outputs {
            #expect(!output.isEmpty, "\(name) printed nothing")
            Self.expectNoKey([key], in: output, name)
        }
    }

    /// A key is also caught by its 128 hex digits alone and by its base64 form.
    static func expectNoKey(_ keys: [String], in text: String, _ context: String) {
        for key in keys {
            let body = String(key.dropFirst(4))
            #expect(!text.contains(body) && !text.lowercased().contains(body), "\(context) printed a key")
            #expect(!text.contains(Data(key.utf8).base64EncodedString().prefix(40)), "\(context) printed a key in base64")
        }
    }
}
