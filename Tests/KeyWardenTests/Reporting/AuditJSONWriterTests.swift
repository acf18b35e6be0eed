import Foundation
import GitStore
import TestSupport
import Testing

@testable import KeyWarden

/// The audit's JSON, written straight from each key's and finding's values, is the document the
/// `JSONValue` renderer it replaced wrote, byte for byte.
@Suite struct AuditJSONWriterTests {
    @Test func theDirectWriterWritesWhatTheValueRendererDid() throws {
        let fixture = try ExposureFixture()
        // A place with quotes, a backslash, Cyrillic and a line separator, an inventory entry (so the
        // key has an `inventory` object), and a liveness verdict (a `verification` object).
        let odd = TestKeys.runway()
        try fixture.repository.write("конфиг/\"a\\b\u{2028}\".env", "RUNWAYML_API_SECRET=\(odd)\n")
        try fixture.repository.commit("odd place")
        let inventory = Inventory(keys: [
            AuditTests.entry(fixture.shared, id: "web-prod", environment: "production", owner: "ops@example.com", created: "2020-01-02")
        ])
        let auditor = try AuditTests.auditor(inventory, now: AuditExposureTests.now)
        let scanned = try auditor.audit([fixture.repository.path])
        let verdict = LivenessResult(liveness: .live, tier: "build", creditBalance: 12.5, detail: "accepted", checkedAt: "2026-12-06T10:00:00Z")
        let report = auditor.report(
            findings: scanned.findings, repositories: scanned.repositories + ["other\u{1B}[31m"],
            problems: [SkippedObject(subject: "blob 1234", reason: "object not found \"x\"")],
            notes: ["a note with \u{1B} and \(odd)"], liveness: [SecretDigest.sha256Hex(odd): verdict])
        #expect(report.keys.count == 5)
        #expect(report.keys.contains { $0.inventory != nil } && report.keys.contains { $0.liveness != nil })
        #expect(report.findings.contains { $0.occurrence.exposure != nil } && report.findings.contains { $0.occurrence.exposure == nil })
        #expect(AuditJSON.render(report) == LegacyAuditJSON.render(report))

        let empty = auditor.report(findings: [], repositories: [])
        #expect(AuditJSON.render(empty) == LegacyAuditJSON.render(empty))
    }
}

/// An audit of thousands of keys, written in batches on several threads, is the document one thread
/// writes and the one the `JSONValue` renderer wrote; its Markdown is the same on any number of threads.
@Suite struct ParallelAuditWritingTests {
    /// 1,500 keys (six batches of findings and of keys, and a last one short), most in two places,
    /// some with an exposure, and three keys heavier than a batch: every batch boundary falls between
    /// elements of both arrays.
    static func largeReport() throws -> AuditReport {
        var findings: [AuditFinding] = []
        for number in 0..<1_500 {
            let key = TestKeys.runway()
            for place in 0..<(number % 3 == 0 ? 1 : 2) {
                var occurrence = KeyOccurrence(
                    repository: "repo", path: "config/\(number)/\(place).env", line: place + 1,
                    source: place == 0 ? .history : .worktree, commit: place == 0 ? String(repeating: "a", count: 40) : nil,
                    authorName: "A \(number % 7)", authorEmail: "a\(number % 7)@example.com",
                    date: place == 0 ? "2026-01-02T03:04:05Z" : nil, time: place == 0 ? 1_767_323_045 + Int64(number) : nil)
                if place == 0 {
                    var exposure = OccurrenceExposure()
                    exposure.remotes = number % 2 == 0 ? ["origin"] : []
                    exposure.branches = ["main"]
                    exposure.lastCommit = occurrence.commit
                    occurrence.exposure = exposure
                }
                findings.append(AuditFinding(
                    repository: "repo", ruleID: "runway-api-key", provider: "Runway", description: "Runway API key",
                    secretSha256: SecretDigest.sha256Hex(key), redacted: Redaction.redact(key),
                    fingerprint: "fp-\(number)-\(place)", occurrence: occurrence))
            }
        }
        // Three keys in 300 places each: heavier than a batch, each written on its own between the
        // batches around it.
        for heavy in 0..<3 {
            let key = TestKeys.runway()
            for place in 0..<300 {
                // Pushed, and first committed amid the other keys: sorted among them, not at an end.
                var occurrence = KeyOccurrence(repository: "repo", path: "heavy/\(heavy)/\(place).env", line: 1, source: .worktree)
                if place == 0 {
                    occurrence = KeyOccurrence(
                        repository: "repo", path: "heavy/\(heavy)/0.env", line: 1, source: .history, commit: String(repeating: "b", count: 40),
                        authorName: "A", authorEmail: "a0@example.com", date: "2026-01-02T03:04:05Z", time: 1_767_323_045 + 400 + 300 * Int64(heavy))
                    var exposure = OccurrenceExposure()
                    exposure.remotes = ["origin"]
                    occurrence.exposure = exposure
                }
                findings.insert(AuditFinding(
                    repository: "repo", ruleID: "runway-api-key", provider: "Runway", description: "Runway API key",
                    secretSha256: SecretDigest.sha256Hex(key), redacted: Redaction.redact(key), fingerprint: "heavy-\(heavy)-\(place)",
                    occurrence: occurrence),
                    at: heavy * 700 + place)
            }
        }
        return try AuditTests.auditor(now: AuditExposureTests.now).report(findings: findings, repositories: ["repo"])
    }

    @Test func batchesWrittenOnSeveralThreadsMakeTheDocumentOneThreadWrites() throws {
        let report = try Self.largeReport()
        #expect(report.keys.count == 1_503 && report.findings.count == 3_400)
        let heavy = report.keys.indices.filter { report.keys[$0].occurrences.count == 300 }
        #expect(heavy.count == 3 && heavy.allSatisfy { $0 > 100 && $0 < 1_400 }, "\(heavy)")
        let serial = AuditJSON.render(report, threads: 1)
        #expect(serial == LegacyAuditJSON.render(report))
        for threads in [2, 3, 8] {
            #expect(AuditJSON.render(report, threads: threads) == serial)
        }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(serial.utf8)) as? [String: Any])
        #expect((object["keys"] as? [Any])?.count == 1_503 && (object["findings"] as? [Any])?.count == 3_400)

        let markdown = AuditMarkdown.render(report, threads: 1)
        #expect(markdown.components(separatedBy: "\n### ").count == 1_504)
        for threads in [2, 8] {
            #expect(AuditMarkdown.render(report, threads: threads) == markdown)
        }
    }
}
