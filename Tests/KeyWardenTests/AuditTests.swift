import Foundation
@testable import KeyWarden
import TestSupport
import Testing

@Suite struct AuditTests {
    static func auditor(_ inventory: Inventory = Inventory(), now: Date = Date()) throws -> KeyAuditor {
        KeyAuditor(
            scanner: SecretScanner(rules: try CompiledRuleSet(try RuleSet.defaults()), options: ScanOptions(threads: 2)),
            inventory: inventory, now: now)
    }

    static func entry(_ key: String, id: String, environment: String, owner: String, created: String = DayDate.today,
                      status: InventoryKey.Status = .active) -> InventoryKey {
        InventoryKey(
            id: id, fingerprint: SecretDigest.sha256Hex(key), hint: Redaction.redact(key), provider: "Runway", name: id,
            environment: environment, owner: owner, created: created, status: status, statusChanged: created)
    }

    static func actions(_ audit: KeyAudit?) -> [String] { audit?.recommendations.map(\.action.rawValue) ?? [] }

    @Test func productionKeyCopiedToStagingByAnotherAuthorIsSharedAndMustBeDisabled() throws {
        let repository = try RepositoryBuilder()
        let key = TestKeys.runway()
        try repository.write(".env.production", "RUNWAYML_API_SECRET=\(key)\n")
        try repository.commit("prod", author: .alice)
        try repository.write(".env.staging", "RUNWAYML_API_SECRET=\(key)\n")
        try repository.commit("staging", author: .bob)
        let inventory = Inventory(keys: [Self.entry(key, id: "web-prod", environment: "production", owner: "ops@example.com")])
        let report = try Self.auditor(inventory).audit([repository.path])
        let audit = try #require(report.keys.first { $0.secretSha256 == SecretDigest.sha256Hex(key) })
        #expect(Self.actions(audit) == ["disable-now", "replace-shared", "remove-from-code"])
        #expect(audit.environments == ["production", "staging"])
        #expect(audit.authors == ["alice@example.com", "bob@example.com"])
        #expect(audit.owners == ["ops@example.com"])
        #expect(audit.inventory?.id == "web-prod")
        #expect(audit.firstSeen?.path == ".env.production")
        #expect(audit.recommendations[0].steps.contains("API Keys tab"))
        #expect(audit.recommendations[0].steps.contains("\"web-prod\""))
    }

    @Test func developerKeyCommittedAndDeletedIsHistoryOnlyButStillDisableNow() throws {
        let repository = try RepositoryBuilder()
        let key = TestKeys.runway()
        try repository.write("src/try.py", "client = RunwayML(api_key=\"\(key)\")\n")
        try repository.commit("try", author: .bob)
        try repository.remove("src/try.py")
        try repository.commit("remove", author: .bob)
        let inventory = Inventory(keys: [Self.entry(key, id: "bob-dev", environment: "development", owner: "bob@example.com")])
        let report = try Self.auditor(inventory).audit([repository.path])
        let audit = try #require(report.keys.first)
        #expect(!audit.inWorktree)
        #expect(Self.actions(audit) == ["disable-now"])
    }

    @Test func keyCommittedByTwoAuthorsAndUnknownToTheInventory() throws {
        let repository = try RepositoryBuilder()
        let key = TestKeys.runway()
        try repository.write("scripts/render.sh", "curl -H \"Authorization: Bearer \(key)\"\n")
        try repository.commit("render", author: .alice)
        try repository.write("notebooks/n.ipynb", "{\"source\": [\"os.environ['RUNWAYML_API_SECRET'] = '\(key)'\"]}\n")
        try repository.commit("notebook", author: .carol)
        let report = try Self.auditor().audit([repository.path])
        let audit = try #require(report.keys.first)
        #expect(Self.actions(audit) == ["disable-now", "replace-shared", "identify-owner", "remove-from-code", "use-secret-store"])
        #expect(audit.owners == ["alice@example.com", "carol@example.com"])
        #expect(audit.inventory == nil)
    }

    @Test func disabledKeysNeedNothingInHistoryButDeadCodeMustGo() throws {
        let repository = try RepositoryBuilder()
        let (gone, present) = (TestKeys.runway(), TestKeys.runway())
        try repository.write("old.env", "K=\(gone)\n")
        try repository.write("legacy.env", "K=\(present)\n")
        try repository.commit("keys")
        try repository.remove("old.env")
        try repository.commit("remove old")
        let inventory = Inventory(keys: [
            Self.entry(gone, id: "old", environment: "production", owner: "ops", status: .disabled),
            Self.entry(present, id: "legacy", environment: "production", owner: "ops", status: .disabled),
        ])
        let report = try Self.auditor(inventory).audit([repository.path])
        let old = report.keys.first { $0.inventory?.id == "old" }
        let legacy = report.keys.first { $0.inventory?.id == "legacy" }
        #expect(Self.actions(old).isEmpty)
        #expect(old?.note?.contains("no action") == true)
        #expect(Self.actions(legacy) == ["remove-from-code"])
    }

    @Test func keyOlderThanThePolicyMustBeRotated() throws {
        let repository = try RepositoryBuilder()
        let key = TestKeys.runway()
        try repository.write("k.env", "K=\(key)\n")
        try repository.commit("key")
        var inventory = Inventory(keys: [Self.entry(key, id: "old", environment: "production", owner: "ops", created: "2026-01-01")])
        inventory.maxKeyAgeDays = 90
        let report = try Self.auditor(inventory, now: DayDate.parse("2026-06-01")!).audit([repository.path])
        let rotate = try #require(report.keys.first?.recommendations.first { $0.action == .rotate })
        #expect(rotate.reason.contains("151 days"))
        let young = try Self.auditor(inventory, now: DayDate.parse("2026-02-01")!).audit([repository.path])
        #expect(!Self.actions(young.keys.first).contains("rotate"))
    }

    @Test func twoRepositoriesSharingOneKeyDirectlyAndThroughMergedReports() throws {
        let (first, second) = (try RepositoryBuilder(), try RepositoryBuilder())
        let key = TestKeys.runway()
        try first.write("a.env", "K=\(key)\n")
        try first.commit("a")
        try second.write("b.env", "K=\(key)\n")
        try second.commit("b", author: .alice)
        let inventory = Inventory(keys: [Self.entry(key, id: "k", environment: "production", owner: "ops")])
        let direct = try Self.auditor(inventory).audit([first.path, second.path])
        #expect(direct.keys.count == 1)
        #expect(direct.keys.first?.repositories.count == 2)
        #expect(Self.actions(direct.keys.first).contains("replace-shared"))

        let auditor = try Self.auditor(inventory)
        let reports = try [first.path, second.path].map { path in
            try AuditJSON.read(Data(AuditJSON.render(try auditor.audit([path])).utf8), path: path)
        }
        for part in reports { #expect(!Self.actions(auditor.report(findings: part.findings, repositories: part.repositories).keys.first).contains("replace-shared")) }
        let merged = auditor.report(findings: reports.flatMap(\.findings), repositories: reports.flatMap(\.repositories))
        #expect(merged.keys.count == 1)
        #expect(merged.keys.first?.repositories.count == 2)
        #expect(Self.actions(merged.keys.first).contains("replace-shared"))
        #expect(!AuditJSON.render(merged).contains(key))
        #expect(!AuditMarkdown.render(merged).contains(key))
        #expect(!AuditText.render(merged).contains(key))
    }

    @Test func kubernetesNamespaceNamesTheEnvironment() throws {
        let repository = try RepositoryBuilder()
        let key = TestKeys.runway()
        let encoded = Data(key.utf8).base64EncodedString()
        try repository.write("deploy/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: runway\n  namespace: payments-prod\ndata:\n  RUNWAYML_API_SECRET: \(encoded)\n")
        try repository.commit("manifest")
        let report = try Self.auditor().audit([repository.path])
        #expect(report.keys.first?.environments == ["production"])
        let merged = try AuditJSON.read(Data(AuditJSON.render(report).utf8), path: "r.json")
        #expect(try Self.auditor().report(findings: merged.findings, repositories: merged.repositories).keys.first?.environments == ["production"])
    }

    @Test func environmentsAreInferredFromPaths() {
        #expect(EnvironmentInference.environments(forPath: ".env.production") == ["production"])
        #expect(EnvironmentInference.environments(forPath: "config/staging/app.yaml") == ["staging"])
        #expect(EnvironmentInference.environments(forPath: "k8s/prod/secret.yaml") == ["production"])
        #expect(EnvironmentInference.environments(forPath: ".github/workflows/release.yml") == ["ci"])
        #expect(EnvironmentInference.environments(forPath: "src/app.py") == [])
        #expect(EnvironmentInference.isEnvironmentFile(".env.staging"))
        #expect(!EnvironmentInference.isEnvironmentFile("src/app.py"))
    }

    /// The byte-level inference against the plain one it replaced (lowercase the path, split it into
    /// words, look each up), on 5,000 seeded paths built from synonyms, CI paths, separators, mixed
    /// case and non-ASCII parts.
    @Test func environmentInferenceMatchesThePlainWordLookup() {
        func plain(_ path: String) -> [String] {
            var found: [String] = []
            if EnvironmentInference.ciPaths.contains(where: { path.hasPrefix($0) || path.contains("/" + $0) }) { found.append("ci") }
            for token in path.lowercased().split(whereSeparator: { "/._- ".contains($0) }).map(String.init) {
                if let environment = EnvironmentInference.synonyms[token], !found.contains(environment) { found.append(environment) }
            }
            return found
        }
        let parts = Array(EnvironmentInference.synonyms.keys) + EnvironmentInference.ciPaths
            + ["PROD", "Staging", "app", "ключ", "prodx", "xprod", "", "ci", "CI", "déV", "values", "\u{212A}8s"]
        let separators = ["/", ".", "_", "-", " ", "", "//"]
        var generator = SeededGenerator(seed: 12)
        for _ in 0..<5_000 {
            var path = ""
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                path += parts.randomElement(using: &generator)! + separators.randomElement(using: &generator)!
            }
            #expect(EnvironmentInference.environments(forPath: path) == plain(path), "\(path)")
        }
    }

    /// The HTML page's byte replacement against Foundation's `replacingOccurrences` it replaced, on
    /// 3,000 seeded texts of hints, their near misses and overlapping runs.
    @Test func theHTMLPagesReplacementMatchesFoundations() {
        var generator = SeededGenerator(seed: 5)
        let hint = "key_35bf…b1f5"
        let pieces = [hint, "the key ", "the hint ", "key_35bf…", "b1f5", "kk", "k", " ", "ключ", "…", "this key", "e"]
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...10, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            for target in [hint, "the key \(hint)", "kk", "…"] {
                #expect(AuditHTML.replacing(target, with: "X", in: text) == text.replacingOccurrences(of: target, with: "X"), "\(text)")
            }
        }
    }

    /// Redaction's byte path against counting Characters, which it skips for ASCII: CR LF pairs
    /// (one Character of two bytes), non-ASCII and combining marks go the Character way.
    @Test func redactionCutsAtCharactersAsItDidBefore() {
        func byCharacters(_ secret: String) -> String {
            let characters = Array(secret)
            guard characters.count >= 24 else { return "…(\(characters.count) chars)" }
            return String(characters.prefix(min(8, characters.count / 4))) + "…" + String(characters.suffix(min(4, characters.count / 8)))
        }
        var generator = SeededGenerator(seed: 9)
        let pieces = ["a", "7", "_", "\r\n", "\r", "\n", "é", "e\u{301}", "ключ", "😀", "\t"]
        for _ in 0..<3_000 {
            let secret = (0..<Int.random(in: 0...60, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(Redaction.redact(secret) == byCharacters(secret), "\(secret.debugDescription)")
        }
        let key = TestKeys.runway()
        #expect(Redaction.redact(key) == byCharacters(key))
    }
}
