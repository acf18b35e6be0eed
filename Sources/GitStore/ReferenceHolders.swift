/// What holds one commit: the references whose history reaches it.
public struct ReferenceHolders: Sendable, Hashable {
    /// Remotes (`origin`, …) one of whose remote-tracking branches reaches the commit: it was pushed
    /// there (or fetched from there).
    public var remotes: [String] = []
    /// Local branches (`refs/heads/…`, without the prefix) that reach it; "other branches" stands for
    /// those beyond the first 40 of a repository with more.
    public var branches: [String] = []
    /// A tag reaches it.
    public var tags = false
    /// An entry of the stash reaches it.
    public var stash = false
    /// HEAD's history reaches it.
    public var head = false
    /// Other references (`refs/notes/…`, `refs/pull/…`, …) reach it.
    public var otherReferences = false

    public init() {}

    /// Nothing but local places (branches, the stash, HEAD) holds it.
    public var isLocalOnly: Bool { remotes.isEmpty && !tags && !otherReferences }
}
