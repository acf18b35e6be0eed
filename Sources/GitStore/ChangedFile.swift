/// A file a change adds lines to: the staged index against HEAD, or one commit against its parents.
public struct ChangedFile: Sendable, Hashable {
    public var path: String
    /// The file's content after the change.
    public var blob: ObjectID
    /// 1-based line numbers, in the changed file, of the lines the change adds.
    public var addedLines: Set<Int>
    /// The commit that makes the change (index into `ChangeSet.commits`); nil for staged changes.
    public var commit: Int?
    /// True when git treats the file as binary: it has no lines to compare.
    public var isBinary: Bool

    public init(path: String, blob: ObjectID, addedLines: Set<Int>, commit: Int? = nil, isBinary: Bool = false) {
        self.path = path
        self.blob = blob
        self.addedLines = addedLines
        self.commit = commit
        self.isBinary = isBinary
    }
}
