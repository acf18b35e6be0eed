import GitStore

extension TrustedChangeScan {
    /// The check a CI run's `plan` asks for in the repository at `path`. The trusted side is the
    /// range's base (the pull request's base, the push's old commit) or, for a new branch, the
    /// default branch; when the range's commits are not in the clone (a shallow checkout, a force
    /// push) the whole history is scanned, still with the base's files if the clone has it and
    /// with the built-in rules if not. `scope` says which was done.
    public static func forCI(_ plan: CIEnvironment.Plan, at path: String) throws(ScanError) -> TrustedChangeScan {
        switch plan {
        case .range(let include, let exclude, let description):
            guard RepositoryPaths.resolves(include, repositoryAt: path), RepositoryPaths.resolves(exclude, repositoryAt: path) else {
                var check = TrustedChangeScan(
                    path: path, commits: .fullHistory,
                    trustedSide: RepositoryPaths.resolves(exclude, repositoryAt: path)
                        ? .firstOf([exclude]) : .none(reason: "the base commit \(exclude.prefix(12)) is not in this clone"),
                    checkedRevision: RepositoryPaths.resolves(include, repositoryAt: path) ? include : "HEAD")
                check.scope = "scanned the full history: \(description): a commit is missing from this clone (fetch the full history)"
                return check
            }
            var check = TrustedChangeScan(path: path, commits: .range(including: [include], excluding: [exclude]), trustedSide: .firstOf([exclude]))
            check.scope = "scanned \(description)"
            return check
        case .newBranch(let tip, let description):
            let repository = try SecretScanner.openRepository(at: path, for: .commits)
            let defaultBranch = repository.defaultBranchTip(ofRemote: "origin").map { [$0.hex] } ?? []
            let trusted: TrustedSide = defaultBranch.isEmpty
                ? .none(reason: "the clone has no origin/HEAD, origin/main or origin/master to trust") : .firstOf(defaultBranch)
            guard let tipID = try? repository.resolveCommit(tip) else {
                var check = TrustedChangeScan(path: path, commits: .fullHistory, trustedSide: trusted)
                check.scope = "scanned the full history: \(description): the commit is missing from this clone"
                return check
            }
            let others = repository.remoteTrackingTips().filter { $0.commit != tipID }.map(\.commit.hex)
            guard !others.isEmpty else {
                var check = TrustedChangeScan(path: path, commits: .fullHistory, trustedSide: trusted, checkedRevision: tip)
                check.scope = "scanned the full history: \(description): no other remote-tracking branch to compare with"
                return check
            }
            var check = TrustedChangeScan(path: path, commits: .range(including: [tip], excluding: others), trustedSide: trusted)
            check.scope = "scanned \(description), leaving out what \(others.count) other remote-tracking branch(es) have"
            return check
        case .fullHistory(let reason):
            var check = TrustedChangeScan(path: path, commits: .fullHistory, trustedSide: .workingTree)
            check.scope = "scanned the full history: \(reason)"
            return check
        }
    }
}
