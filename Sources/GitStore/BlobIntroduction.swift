/// A blob reachable in history, with the commit and path that first brought it in.
public struct BlobIntroduction: Sendable, Hashable {
    public var blob: ObjectID
    /// The path in the introducing commit's tree (non-UTF-8 bytes replaced by U+FFFD).
    public var path: String
    /// Index into `HistoryInventory.commits`.
    public var commit: Int
    /// Later commits that put the same content at other paths (copies, renames), oldest first.
    public var otherIntroductions: [PathIntroduction] = []

    public init(blob: ObjectID, path: String, commit: Int) {
        self.blob = blob
        self.path = path
        self.commit = commit
    }
}
