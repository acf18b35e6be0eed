import Foundation
import TestSupport
import Testing

/// Trees nested deeper than any call stack could follow: the walks keep explicit stacks, so the key
/// at the bottom is found and nothing crashes (a recursive history walk died at 16,000 levels).
@Suite struct DeepTreeTests {
    /// Builds, with the project's own generator, a repository whose one commit holds `secret.env`
    /// under `depth` nested directories; returns it and the key's SHA-256.
    static func deepRepository(depth: Int) throws -> (TemporaryDirectory, String) {
        let python = try #require(ProcessRunner.which("python3"))
        let directory = try TemporaryDirectory("deep")
        let repository = directory.path + "/repo"
        let script = KeyWardenBinary.packageRoot + "/bench/make-scale-repo.py"
        let made = try ProcessRunner.run(python, [script, repository, "--deep", String(depth), "--seed", "5"])
        #expect(made.status == 0, "\(made.standardError)")
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: repository + "/truth.json")))
        let digest = try #require(((truth as? [String: Any])?["secretSha256"] as? [String])?.first)
        return (directory, digest)
    }

    @Test func aHistoryTreeNestedAHundredThousandDeepIsScannedAndAudited() throws {
        let (directory, digest) = try Self.deepRepository(depth: 100_000)
        let repository = directory.path + "/repo"
        for arguments in [["scan", "--history", "--no-cache", "--format", "json"], ["audit", "--format", "json"]] {
            let result = try KeyWardenBinary.run(arguments + [repository], environment: ["XDG_CACHE_HOME": directory.path + "/cache"])
            #expect(result.status == 1, "\(arguments[0]): \(result.standardError.prefix(500))")
            #expect(result.standardOutput.contains(digest), "\(arguments[0]) did not find the key at the bottom")
        }
    }

    @Test func aWorkingTreeDeeperThanTheOpenFileLimitIsWalked() throws {
        let directory = try TemporaryDirectory("deep-tree")
        let key = TestKeys.runway()
        let depth = 600
        let nested = Array(repeating: "d", count: depth).joined(separator: "/")
        try directory.write(nested + "/secret.env", "RUNWAYML_API_SECRET=\(key)\n")
        // A walk holding one open directory per level ran out of descriptors at this limit.
        let shell = try #require(ProcessRunner.which("sh"))
        let result = try ProcessRunner.run(
            shell, ["-c", "ulimit -n 256 && exec \"$0\" scan --format json \"$1\"", KeyWardenBinary.path, directory.path])
        #expect(result.status == 1, "\(result.standardError.prefix(500))")
        #expect(result.standardOutput.contains(IndependentDigest.sha256(key)))
    }
}
