import Foundation

/// A repository whose keys got to different places: one pushed to a remote and then deleted, one
/// only on a local branch, one only in the stash, and one shared by production and staging, pushed
/// and still at HEAD. Built with real git: a bare remote, `git push`, `git stash`.
public struct ExposureFixture: Sendable {
    public let repository: RepositoryBuilder
    public let remote: RepositoryBuilder
    public let pushed: String
    public let localBranch: String
    public let stashed: String
    public let shared: String
    /// The commits that brought in the pushed key, last carried it (the shared key's), and removed it.
    public let pushedCommit: String
    public let deployCommit: String
    public let removalCommit: String

    public init() throws {
        remote = try RepositoryBuilder(bare: true)
        repository = try RepositoryBuilder()
        (pushed, localBranch, stashed, shared) = (TestKeys.runway(), TestKeys.runway(), TestKeys.runway(), TestKeys.runway())
        try repository.write("config/app.env", "RUNWAYML_API_SECRET=\(pushed)\n")
        pushedCommit = try repository.commit("app key")
        try repository.write("deploy/production/.env", "RUNWAYML_API_SECRET=\(shared)\n")
        try repository.write("deploy/staging/.env", "RUNWAYML_API_SECRET=\(shared)\n")
        deployCommit = try repository.commit("deploy keys", author: .bob)
        try repository.git(["remote", "add", "origin", remote.path])
        try repository.git(["push", "-q", "origin", "main"])
        try repository.remove("config/app.env")
        removalCommit = try repository.commit("remove the app key")
        try repository.git(["push", "-q", "origin", "main"])
        try repository.git(["checkout", "-q", "-b", "wip"])
        try repository.write("src/try.py", "client = RunwayML(api_key=\"\(localBranch)\")\n")
        try repository.commit("try it", author: .carol)
        try repository.git(["checkout", "-q", "main"])
        try repository.write("src/render.py", "KEY = \"\(stashed)\"\n")
        try repository.git(["add", "src/render.py"])
        try repository.git(["stash", "-q"])
    }
}
