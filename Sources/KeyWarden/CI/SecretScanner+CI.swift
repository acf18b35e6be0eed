import GitStore

extension SecretScanner {
    /// Scans what `plan` says, falling back to the whole history when the range's commits are not in
    /// the clone (a shallow checkout, a force push); the report's notes say which was done.
    public func scan(_ plan: CIEnvironment.Plan, at path: String) throws(ScanError) -> ScanReport {
        switch plan {
        case .range(let include, let exclude, let description):
            guard RepositoryPaths.resolves(include, repositoryAt: path), RepositoryPaths.resolves(exclude, repositoryAt: path) else {
                return try fullHistory(at: path, reason: "\(description): a commit is missing from this clone (fetch the full history)")
            }
            var report = try scanChanges(at: path, including: [include], excluding: [exclude])
            report.notes.insert("scanned \(description)", at: 0)
            return report
        case .newBranch(let tip, let description):
            guard RepositoryPaths.resolves(tip, repositoryAt: path) else {
                return try fullHistory(at: path, reason: "\(description): the commit is missing from this clone")
            }
            let repository = try Self.openRepository(at: path)
            let tipID = try? repository.resolveCommit(tip)
            let others = repository.remoteTrackingTips().filter { tipID == nil || $0.commit != tipID! }.map(\.commit.hex)
            guard !others.isEmpty else {
                return try fullHistory(at: path, reason: "\(description): no other remote-tracking branch to compare with")
            }
            var report = try scanChanges(at: path, including: [tip], excluding: others)
            report.notes.insert("scanned \(description), leaving out what \(others.count) other remote-tracking branch(es) have", at: 0)
            return report
        case .fullHistory(let reason):
            return try fullHistory(at: path, reason: reason)
        }
    }

    private func fullHistory(at path: String, reason: String) throws(ScanError) -> ScanReport {
        var report = try scanHistory(at: path)
        report.notes.insert("scanned the full history: \(reason)", at: 0)
        return report
    }
}
