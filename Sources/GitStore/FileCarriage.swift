/// How long a file committed with some content kept it along HEAD's line of history.
public struct FileCarriage: Sendable, Hashable {
    /// The newest commit that still holds the content at that path (the introducing commit when HEAD's
    /// line never did).
    public var lastCommit: ObjectID
    public var lastTime: Int64
    /// The commit on HEAD's line that changed or removed it; nil while HEAD still holds it.
    public var removedBy: ObjectID?
    public var removedTime: Int64?
    /// HEAD's tree still holds that content at that path.
    public var atHead: Bool

    public init(lastCommit: ObjectID, lastTime: Int64, removedBy: ObjectID? = nil, removedTime: Int64? = nil, atHead: Bool) {
        self.lastCommit = lastCommit
        self.lastTime = lastTime
        self.removedBy = removedBy
        self.removedTime = removedTime
        self.atHead = atHead
    }
}
