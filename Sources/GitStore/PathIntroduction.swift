/// A path at which a commit introduced a blob's content.
public struct PathIntroduction: Sendable, Hashable {
    public var path: String
    /// Index into `HistoryInventory.commits`.
    public var commit: Int

    public init(path: String, commit: Int) {
        self.path = path
        self.commit = commit
    }
}
