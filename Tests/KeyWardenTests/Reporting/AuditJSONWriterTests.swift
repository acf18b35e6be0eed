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
