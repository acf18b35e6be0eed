import Foundation
import KeyWarden
import TestSupport
import Testing

/// Whether each key left the machine, since when, and where it still is — and what that changes in
/// the recommendations and their order.
@Suite struct AuditExposureTests {
    /// Thirty days after the fixture's commits (its clock starts at 1,700,000,000).
    static let now = Date(timeIntervalSince1970: 1_700_000_000 + 30 * 86_400)

    static func key(_ report: AuditReport, _ secret: String) throws -> KeyAudit {
        try #require(report.keys.first { $0.secretSha256 == SecretDigest.sha256Hex(secret) })
    }

    @Test func pushedLocalBranchStashAndSharedKeysAreToldApartAndOrdered() throws {
        let fixture = try ExposureFixture()
        let report = try AuditTests.auditor(now: Self.now).audit([fixture.repository.path])
        #expect(report.keys.count == 4)

        let pushed = try Self.key(report, fixture.pushed)
        #expect(pushed.exposure.reach == .pushed)
        #expect(pushed.exposure.remotes == ["origin"])
        #expect(!pushed.exposure.atHead)
        #expect(!pushed.exposure.inWorktree)
        // Removed by the commit after the one that brought it in; HEAD's line carried it until then.
        let carried = try #require(pushed.occurrences.first?.exposure)
        #expect(pushed.occurrences.first?.commit == fixture.pushedCommit)
        #expect(carried.lastCommit == fixture.deployCommit)
        #expect(carried.removedBy == fixture.removalCommit)
        #expect(pushed.exposure.removedTime != nil)
        #expect(pushed.exposure.daysExposed == 29)
        #expect(pushed.recommendations.first?.action == .disableNow)
        #expect(pushed.recommendations.first?.reason.contains("pushed (origin holds it, 29 days exposed)") == true)
        #expect(!AuditTests.actions(pushed).contains("remove-before-push"))

        let shared = try Self.key(report, fixture.shared)
        #expect(shared.exposure.reach == .pushed)
        #expect(shared.exposure.atHead)
        #expect(shared.exposure.removedTime == nil)
        #expect(shared.environments == ["production", "staging"])
        #expect(AuditTests.actions(shared).prefix(2) == ["disable-now", "replace-shared"])

        let branch = try Self.key(report, fixture.localBranch)
        #expect(branch.exposure.reach == .localOnly)
        #expect(branch.exposure.localPlaces == ["branch wip"])
        #expect(branch.exposure.remotes.isEmpty)
        #expect(AuditTests.actions(branch).prefix(2) == ["disable-now", "remove-before-push"])
        #expect(branch.recommendations[0].reason.contains("never left this machine"))
        #expect(branch.recommendations[1].steps.contains("git rebase -i"))

        let stashed = try Self.key(report, fixture.stashed)
        #expect(stashed.exposure.reach == .localOnly)
        #expect(stashed.exposure.localPlaces == ["the stash"])
        #expect(AuditTests.actions(stashed).prefix(2) == ["disable-now", "remove-before-push"])

        // Every key is disable-now; the two a remote holds come before the two that never left.
        let order = report.keys.map(\.exposure.reach)
        #expect(order == [.pushed, .pushed, .localOnly, .localOnly])
    }

    @Test func mergedReportsKeepAndCombineExposure() throws {
        let fixture = try ExposureFixture()
        let auditor = try AuditTests.auditor(now: Self.now)
        let first = AuditJSON.render(try auditor.audit([fixture.repository.path]))
        // A second repository (a fresh clone of the remote) holds the shared key too, pushed.
        let clone = try TemporaryDirectory("clone")
        try ProcessRunner.run(ProcessRunner.which("git")!, ["clone", "-q", fixture.remote.path, clone.path + "/other"])
        let second = AuditJSON.render(try auditor.audit([clone.path + "/other"]))
        let merged = AuditJSON.Contents.merged([
            try AuditJSON.read(Data(first.utf8), path: "one.json"), try AuditJSON.read(Data(second.utf8), path: "two.json"),
        ])
        let report = auditor.report(findings: merged.findings, repositories: merged.repositories)
        let shared = try Self.key(report, fixture.shared)
        #expect(shared.exposure.reach == .pushed)
        #expect(shared.exposure.remotes.sorted() == ["other: origin", "\(KeyAuditor.repositoryName(for: fixture.repository.path)): origin"].sorted())
        let branch = try Self.key(report, fixture.localBranch)
        #expect(branch.exposure.reach == .localOnly)
        #expect(AuditTests.actions(branch).contains("remove-before-push"))
        #expect(report.keys.map(\.exposure.reach) == [.pushed, .pushed, .localOnly, .localOnly])
        // The JSON says it per key too, for whoever reads the report.
        let document = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        let keys = try #require(document["keys"] as? [[String: Any]])
        let reaches = keys.compactMap { ($0["exposure"] as? [String: Any])?["reach"] as? String }
        #expect(reaches == ["pushed", "pushed", "local-only", "local-only"])
    }

    @Test func aRepositoryWithoutRemotesCannotTellAndIsTreatedAsPushed() throws {
        let repository = try RepositoryBuilder()
        let key = TestKeys.runway()
        try repository.write("a.env", "RUNWAYML_API_SECRET=\(key)\n")
        try repository.commit("key")
        let report = try AuditTests.auditor(now: Self.now).audit([repository.path])
        let audit = try Self.key(report, key)
        #expect(audit.exposure.reach == .maybePushed)
        #expect(audit.exposure.uncertainty.contains { $0.contains("no remote-tracking branches") })
        #expect(!AuditTests.actions(audit).contains("remove-before-push"))
        #expect(audit.exposure.atHead && audit.exposure.inWorktree)
    }
}
