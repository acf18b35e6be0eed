import Foundation
import TestSupport
import Testing

/// gitleaks configurations work unchanged, with gitleaks' meaning: the file is the rule set, a
/// rule's secret is its first non-empty capture group, matches may be as long as a PEM block, rules
/// may match by path alone, be composite or serve others only, allowlists may target rules, and a
/// repository's `.gitleaks.toml` and `.gitleaksignore` stand in for keywarden's own files.
@Suite struct GitleaksConfigurationTests {
    /// A configuration of the kind teams write for gitleaks, touching each field gitleaks has.
    static let configuration = #"""
        title = "team rules"
        minVersion = "v8.25.0"

        [extend]
        url = "https://example.com/ignored.toml"

        [allowlist]
        description = "vendored code"
        paths = ['''(^|/)vendor/''']

        [[allowlists]]
        description = "acme fixtures"
        targetRules = ["acme-token"]
        paths = ['''(^|/)fixtures/''']

        [[rules]]
        id = "acme-token"
        description = "ACME token"
        regex = '''(?i)acme[_-]?token\s*=\s*["']?([a-f0-9]{32})'''
        keywords = ["acme"]
        entropy = 2.0
        [[rules.allowlists]]
        description = "matched against the secret, the first group: the whole match always holds 'token'"
        stopwords = ["token"]

        [[rules]]
        id = "generic-assignment"
        regex = '''(?i)(?:token|secret)\s*=\s*["']?([a-f0-9]{32})'''
        keywords = ["token", "secret"]

        [[rules]]
        id = "team-private-key"
        regex = '''-----BEGIN[ A-Z]{0,20}PRIVATE KEY-----[\s\S-]{64,}?-----END[ A-Z]{0,20}PRIVATE KEY-----'''
        keywords = ["private key"]

        [[rules]]
        id = "keystore-file"
        description = "PKCS#12 keystore"
        path = '''(?i)\.p12$'''

        [[rules]]
        id = "acme-client-id"
        regex = '''acme_client_id\s*=\s*([a-z0-9]{20})'''
        keywords = ["acme_client_id"]
        skipReport = true

        [[rules]]
        id = "acme-client-secret"
        regex = '''acme_client_secret\s*=\s*([a-z0-9]{40})'''
        keywords = ["acme_client_secret"]
        [[rules.required]]
        id = "acme-client-id"
        withinLines = 2
        """#

    /// A PEM-style block of `bodyLines` lines of 64 characters (over 1,024 bytes for more than 16),
    /// its armour spelled at run time so that this file holds none.
    static func privateKeyBlock(bodyLines: Int) -> String {
        let dashes = String(repeating: "-", count: 5)
        let body = (0..<bodyLines).map { _ in TestKeys.random(64, from: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") }
        return "\(dashes)BEGIN RSA PRIVATE KEY\(dashes)\n" + body.joined(separator: "\n") + "\n\(dashes)END RSA PRIVATE KEY\(dashes)\n"
    }

    struct Found: Hashable {
        var path: String
        var rule: String
        var line: Int
    }

    static func findings(_ result: ProcessResult) throws -> (found: Set<Found>, secrets: Set<String>, notes: [String]) {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let findings = document["findings"] as? [[String: Any]] ?? []
        let found = Set(findings.compactMap { finding -> Found? in
            guard let path = finding["path"] as? String, let rule = finding["rule"] as? String, let line = finding["line"] as? Int else { return nil }
            return Found(path: path, rule: rule, line: line)
        })
        return (found, Set(findings.compactMap { $0["secretSha256"] as? String }), document["notes"] as? [String] ?? [])
    }

    @Test func aGitleaksConfigurationHasGitleaksMeaning() throws {
        let repository = try RepositoryBuilder()
        try repository.write(".gitleaks.toml", Self.configuration)
        let token = TestKeys.random(32)
        try repository.write("app.env", "ACME_TOKEN=\(token)\nRUNWAYML_API_SECRET=\(TestKeys.runway())\n")
        try repository.write("fixtures/acme.env", "acme_token = \(TestKeys.random(32))\n")
        try repository.write("vendor/lib.env", "acme_token = \(TestKeys.random(32))\n")
        try repository.write("deploy/key.pem", Self.privateKeyBlock(bodyLines: 40))
        // A keystore is binary through and through: no printable run to scan, found by its path alone.
        try repository.write("fixtures/client.p12", bytes: [0x30, 0x82, 0x0A, 0x01, 0x00] + (0..<512).map { _ in UInt8.random(in: 0...255) | 0x80 })
        try repository.write(
            "paired.env", "acme_client_id = \(TestKeys.random(20, from: "abc123"))\nacme_client_secret = \(TestKeys.random(40, from: "xyz789"))\n")
        try repository.write("alone.env", "acme_client_secret = \(TestKeys.random(40, from: "xyz789"))\n")
        try repository.write(
            "apart.env",
            "acme_client_id = \(TestKeys.random(20, from: "abc123"))\n" + String(repeating: "#\n", count: 5)
                + "acme_client_secret = \(TestKeys.random(40, from: "xyz789"))\n")
        try repository.commit("rules and what they find")

        for mode in [["scan"], ["scan", "--history", "--no-cache"]] {
            let result = try KeyWardenBinary.run(mode + [repository.path, "--format", "json"])
            #expect(result.status == 1, "\(mode): \(result.standardError)")
            let (found, secrets, notes) = try Self.findings(result)
            #expect(
                found == [
                    // The secret is the first group: its stopword 'token' is in the match, not in it; the
                    // generic rule's finding of the same secret gives way to the specific one's.
                    Found(path: "app.env", rule: "acme-token", line: 1),
                    // A match of over 2,600 bytes.
                    Found(path: "deploy/key.pem", rule: "team-private-key", line: 1),
                    // By path alone; the acme fixtures allowlist targets acme-token only, so the
                    // generic rule reports the fixture's token, which no specific rule took.
                    Found(path: "fixtures/client.p12", rule: "keystore-file", line: 1),
                    Found(path: "fixtures/acme.env", rule: "generic-assignment", line: 1),
                    // Only where the client id is within two lines; the id itself is not reported.
                    Found(path: "paired.env", rule: "acme-client-secret", line: 2),
                ], "\(mode): \(found)")
            #expect(secrets.contains(IndependentDigest.sha256(token)), "\(mode)")
            // No [extend]: the file is the whole rule set, so the Runway key is not looked for.
            #expect(!found.contains { $0.rule == "runway-api-key" })
            #expect(notes.contains { $0.contains(".gitleaks.toml was read as a gitleaks configuration") }, "\(notes)")
            #expect(notes.contains { $0.contains("[extend] url is ignored") }, "\(notes)")
        }

        // gitleaks' own fingerprints in .gitleaksignore suppress, by file, rule and line.
        let ignoreLines = ["# reviewed", "app.env:acme-token:1", "fixtures/client.p12:keystore-file:1"]
        try repository.write(".gitleaksignore", ignoreLines.joined(separator: "\n") + "\n")
        let ignored = try Self.findings(try KeyWardenBinary.run(["scan", repository.path, "--format", "json"]))
        #expect(Set(ignored.found.map(\.path)) == ["deploy/key.pem", "paired.env", "fixtures/acme.env"], "\(ignored.found)")

        // With .keywarden.toml there, it is the configuration: the defaults apply again.
        try repository.write(".keywarden.toml", "[scan]\nmaxFileSize = 10000000\n")
        let own = try Self.findings(try KeyWardenBinary.run(["scan", repository.path, "--format", "json"]))
        #expect(own.found.contains { $0.rule == "runway-api-key" }, "\(own.found)")
        #expect(!own.found.contains { $0.rule == "acme-token" })
    }

    /// A `file:rule:line` entry names a line, not a secret: in a change it does not suppress, since
    /// the change may have put a new secret on that line. Paths may hold colons and spaces.
    @Test func aLineEntryDoesNotHideWhatAChangePutsOnTheLine() throws {
        let repository = try RepositoryBuilder()
        try repository.write("my dir/a:b.env", "RUNWAYML_API_SECRET=\(TestKeys.runway())\n")
        try repository.write(".gitleaksignore", "my dir/a:b.env:runway-api-key:1\nnot an entry\n")
        let base = try repository.commit("a test key, ignored by its line")
        let tree = try Self.findings(try KeyWardenBinary.run(["scan", repository.path, "--format", "json"]))
        #expect(tree.found.isEmpty, "\(tree.found)")
        #expect(tree.notes.contains { $0.contains(".gitleaksignore line 2 is not a gitleaks fingerprint") }, "\(tree.notes)")

        let real = TestKeys.runway()
        try repository.write("my dir/a:b.env", "RUNWAYML_API_SECRET=\(real)\n")
        try repository.commit("the real key on the same line")
        let checked = try KeyWardenBinary.run(["scan", "--range", base + "..HEAD", "--trusted-side", base, repository.path, "--format", "json"])
        #expect(checked.status == 1, "\(checked.standardError)")
        let change = try Self.findings(checked)
        #expect(change.secrets == [IndependentDigest.sha256(real)], "\(change.found)")
        #expect(change.notes.contains { $0.contains("on a line an ignore entry names without a commit") }, "\(change.notes)")
    }

    @Test func extendMeansWhatItMeansInGitleaks() throws {
        let directory = try TemporaryDirectory("gitleaks-extend")
        let shared = "SHARED_" + TestKeys.random(16, from: "ABCDEFGHJK0123456789")
        let runway = TestKeys.runway()
        try directory.write("app.env", "RUNWAYML_API_SECRET=\(runway)\nX=\(shared)\n")
        try directory.write("rules/base.toml", "[[rules]]\nid = \"shared-token\"\nregex = '''SHARED_[A-Z0-9]{16}'''\ntags = [\"base\"]\n")
        try directory.write(
            "gitleaks.toml",
            "[extend]\npath = \"rules/base.toml\"\n\n[[rules]]\nid = \"shared-token\"\ndescription = \"shared token, described here\"\n")
        let extended = try KeyWardenBinary.run(["scan", directory.path, "--config", directory.path + "/gitleaks.toml", "--format", "json"])
        let fromPath = try Self.findings(extended)
        #expect(fromPath.found == [Found(path: "app.env", rule: "shared-token", line: 2)], "\(extended.standardError)")
        #expect(extended.standardOutput.contains("shared token, described here"))

        // useDefault = true extends the built-in rules (keywarden's), which then find the Runway key.
        try directory.write("defaults-gitleaks.toml", "[extend]\nuseDefault = true\ndisabledRules = [\"no-such-rule\"]\n")
        let defaults = try Self.findings(
            try KeyWardenBinary.run(["scan", directory.path, "--config", directory.path + "/defaults-gitleaks.toml", "--format", "json"]))
        #expect(defaults.secrets.contains(IndependentDigest.sha256(runway)))
        #expect(defaults.notes.contains { $0.contains("disabledRules names 'no-such-rule'") }, "\(defaults.notes)")

        // A repository's own configuration may not extend a file outside the repository.
        let repository = try RepositoryBuilder()
        try repository.write(".gitleaks.toml", "[extend]\npath = \"../outside.toml\"\n")
        try repository.commit("extends a file outside")
        let outside = try KeyWardenBinary.run(["scan", repository.path])
        #expect(outside.status == 2, "\(outside.standardOutput)")
        #expect(outside.standardError.contains("leads outside the repository"), "\(outside.standardError)")

        // Both path and useDefault: refused, as gitleaks refuses it.
        try directory.write("both-gitleaks.toml", "[extend]\npath = \"rules/base.toml\"\nuseDefault = true\n")
        let both = try KeyWardenBinary.run(["scan", directory.path, "--config", directory.path + "/both-gitleaks.toml"])
        #expect(both.status == 2)
        #expect(both.standardError.contains("cannot set both path and useDefault"), "\(both.standardError)")
    }
}
