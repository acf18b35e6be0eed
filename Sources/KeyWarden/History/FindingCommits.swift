import GitStore

/// The `FindingCommit` of each commit of a history walk, made once per commit however many blobs
/// the commit introduces (formatting its date is the costly part).
struct FindingCommits {
    private var made: [Int: FindingCommit] = [:]

    /// The commit at `index` of the walk's commit list, as findings name it.
    mutating func finding(_ index: Int, _ commit: CommitInfo) -> FindingCommit {
        if let known = made[index] { return known }
        let finding = SecretScanner.findingCommit(commit)
        made[index] = finding
        return finding
    }
}
