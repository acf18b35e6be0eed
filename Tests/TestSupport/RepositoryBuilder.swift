import Foundation
import Synchronization

/// Builds real git repositories in a scratch directory with the git command line (tests only; the
/// product itself reads git through libgit2).
public final class RepositoryBuilder: Sendable {
    public let directory: TemporaryDirectory
    public var path: String { directory.path }
    private let clock = Mutex<Int>(1_700_000_000)
    /// Paths given to git are paths, not patterns (`GIT_LITERAL_PATHSPECS`): for names holding `*?[`.
    private let literalPathspecs: Bool

    public struct Author: Sendable {
        public var name: String
        public var email: String
        public init(_ name: String, _ email: String) {
            self.name = name
            self.email = email
        }
        public static let alice = Author("Alice Example", "alice@example.com")
        public static let bob = Author("Bob Example", "bob@example.com")
        public static let carol = Author("Carol Example", "carol@example.com")
    }

    public init(bare: Bool = false, literalPathspecs: Bool = false) throws {
        self.literalPathspecs = literalPathspecs
        directory = try TemporaryDirectory("repo")
        try git(["init", "-q", "-b", "main"] + (bare ? ["--bare"] : []))
        try git(["config", "commit.gpgsign", "false"])
        try git(["config", "core.autocrlf", "false"])
    }

    @discardableResult
    public func git(_ arguments: [String], author: Author = .alice, input: String? = nil) throws -> String {
        let time = clock.withLock { value -> Int in
            value += 3600
            return value
        }
        let result = try ProcessRunner.run(
            ProcessRunner.which("git") ?? "/usr/bin/git", arguments, in: path,
            environment: [
                "GIT_AUTHOR_NAME": author.name, "GIT_AUTHOR_EMAIL": author.email,
                "GIT_COMMITTER_NAME": author.name, "GIT_COMMITTER_EMAIL": author.email,
                "GIT_AUTHOR_DATE": "\(time) +0000", "GIT_COMMITTER_DATE": "\(time) +0000",
                "GIT_CONFIG_NOSYSTEM": "1", "HOME": path,
            ].merging(literalPathspecs ? ["GIT_LITERAL_PATHSPECS": "1"] : [:]) { first, _ in first }, input: input)
        guard result.status == 0 else {
            throw BuilderError(message: "git \(arguments.joined(separator: " ")) failed: \(result.standardError)")
        }
        return result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public func write(_ relativePath: String, _ text: String) throws { try directory.write(relativePath, text) }
    public func write(_ relativePath: String, bytes: [UInt8]) throws { try directory.write(relativePath, bytes: bytes) }

    /// `git mv`, creating the target's directory first.
    public func move(_ relativePath: String, to target: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path + "/" + target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try git(["mv", relativePath, target])
    }

    public func remove(_ relativePath: String) throws {
        try FileManager.default.removeItem(atPath: path + "/" + relativePath)
    }

    /// Stages everything and commits; returns the new commit id.
    @discardableResult
    public func commit(_ message: String, author: Author = .alice) throws -> String {
        try git(["add", "-A"], author: author)
        try git(["commit", "-q", "--allow-empty", "-m", message], author: author)
        return try git(["rev-parse", "HEAD"])
    }

    public struct BuilderError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }
}
