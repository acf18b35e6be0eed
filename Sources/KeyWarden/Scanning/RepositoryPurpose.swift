/// What a scan needed a repository for: the error for a path that is not one says what to do.
public enum RepositoryPurpose: Sendable, Hashable {
    case history
    case staged
    case commits
    case hooks

    var advice: String {
        switch self {
        case .history: "scan its files without --history"
        case .staged: "--staged scans what is staged in a git repository's index: run it inside a repository"
        case .commits: "--range, --since, --pushed and ci scan commits: run them inside a clone that has the history"
        case .hooks: "hooks go into a git repository: run `keywarden hook install` inside one (after `git init`)"
        }
    }
}
