import Foundation
import TestSupport
import Testing

/// What looks random but is no secret: no default rule may report it. Identifiers, digests,
/// lock-file integrity strings, placeholders, public keys and certificates, and base64 images, in
/// the files and shapes they really come in, each with fresh random characters on every run.
@Suite struct PrecisionTests {
    static let hex = "0123456789abcdef"
    static let base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    static let alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

    static func uuid() -> String { UUID().uuidString.lowercased() }
    static func digest(_ count: Int) -> String { TestKeys.random(count, from: hex) }
    static func b64(_ count: Int) -> String { TestKeys.random(count, from: base64) }

    /// The look-alikes, by path.
    static func files() -> [(path: String, text: String)] {
        let dashes = String(repeating: "-", count: 5)
        var files: [(path: String, text: String)] = []
        files.append((
            "src/ids.ts",
            """
            export const REQUEST_ID = "\(uuid())";
            const tenantId = '\(uuid())';
            const traceparent = "00-\(digest(32))-\(digest(16))-01";
            const commit = "\(digest(40))"; // git sha
            const cacheKey = "sha256:\(digest(64))";
            const color = "#\(digest(6))";
            """))
        files.append((
            "package-lock.json",
            (0..<40).map { index in
                """
                    "node_modules/pkg-\(index)": {
                      "version": "1.\(index).0",
                      "resolved": "https://registry.npmjs.org/pkg-\(index)/-/pkg-\(index)-1.\(index).0.tgz",
                      "integrity": "sha512-\(b64(86))=="
                    },
                """
            }.joined(separator: "\n")))
        files.append(("yarn.lock", (0..<20).map { "pkg-\($0)@^1.0.0:\n  version \"1.0.\($0)\"\n  integrity sha1-\(b64(27))=\n" }.joined(separator: "\n")))
        files.append(("Cargo.lock", (0..<20).map { "[[package]]\nname = \"crate\($0)\"\nversion = \"0.1.\($0)\"\nchecksum = \"\(digest(64))\"\n" }.joined(separator: "\n")))
        files.append(("go.sum", (0..<20).map { "github.com/acme/mod\($0) v1.2.\($0) h1:\(b64(43))=\n" }.joined()))
        files.append(("poetry.lock", (0..<10).map { "files = [\n    {file = \"pkg\($0).whl\", hash = \"sha256:\(digest(64))\"},\n]\n" }.joined()))
        files.append(("SHA256SUMS", (0..<10).map { "\(digest(64))  release-\($0).tar.gz\n" }.joined()))
        files.append((
            "config/example.env",
            """
            RUNWAYML_API_SECRET=your-runway-api-key-here
            OPENAI_API_KEY=<YOUR_OPENAI_KEY>
            AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}
            STRIPE_SECRET_KEY=sk_live_XXXXXXXXXXXXXXXXXXXXXXXX
            GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
            DATABASE_URL=postgres://user:password@localhost:5432/app
            SLACK_BOT_TOKEN=xoxb-your-token
            API_KEY=changeme
            PASSWORD=********
            SECRET_KEY=
            """))
        files.append((
            "web/style.css",
            ".logo { background: url(data:image/png;base64,\(b64(4000))==); }\n.icon { background-image: url(\"data:image/svg+xml;base64,\(b64(800))\"); }\n"))
        files.append(("web/index.html", "<img alt=\"logo\" src=\"data:image/jpeg;base64,\(b64(6000))\">\n"))
        files.append((
            "notebooks/plot.ipynb",
            "{\"cells\": [{\"outputs\": [{\"data\": {\"image/png\": \"\(b64(5000))\\n\"}, \"output_type\": \"display_data\"}]}]}\n"))
        files.append(("deploy/id_ed25519.pub", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI\(b64(43)) ci@acme\n"))
        files.append(("deploy/authorized_keys", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ\(b64(340)) ops@acme\n"))
        files.append((
            "certs/ca.pem",
            "\(dashes)BEGIN CERTIFICATE\(dashes)\nMIID\(b64(60))\n\(b64(64))\n\(b64(64))\n\(b64(40))==\n\(dashes)END CERTIFICATE\(dashes)\n"))
        files.append((
            "certs/public.pem", "\(dashes)BEGIN PUBLIC KEY\(dashes)\nMIIBIj\(b64(58))\n\(b64(64))\n\(dashes)END PUBLIC KEY\(dashes)\n"))
        files.append((
            "docs/api.md",
            """
            Authenticate with `Authorization: Bearer <token>`; the token looks like `key_...`.
            Set `RUNWAYML_API_SECRET` in your environment, never in code.
            Example response id: `\(uuid())`, checksum `\(digest(32))`.
            """))
        files.append((
            "src/crypto_test.go",
            "var vector = \"\(digest(64))\"\nvar nonce = []byte(\"\(digest(24))\")\nvar iv = \"\(b64(22))==\"\n"))
        files.append(("migrations/0001.sql", "INSERT INTO users (id, name, created) VALUES ('\(uuid())', 'alice', '2026-01-01');\n"))
        files.append(("dist/app.min.js", "var a=\"\(TestKeys.random(64, from: alphanumeric))\",b=\"\(digest(40))\";function c(){return a+b}\n"))
        return files
    }

    @Test func lookAlikesAreNotReportedInTheWorkingTreeOrHistory() throws {
        let repository = try RepositoryBuilder()
        for file in Self.files() { try repository.write(file.path, file.text) }
        try repository.commit("look-alikes of secrets, none of them one")
        for mode in [["scan"], ["scan", "--history", "--no-cache"]] {
            let result = try KeyWardenBinary.run(mode + [repository.path, "--format", "json"])
            let document = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
            let findings = (document["findings"] as? [[String: Any]] ?? []).map { "\($0["path"] ?? ""):\($0["line"] ?? "") \($0["rule"] ?? "")" }
            #expect(findings.isEmpty, "\(mode): \(findings)")
            #expect(result.status == 0, "\(mode): \(result.standardError)")
        }
    }
}
