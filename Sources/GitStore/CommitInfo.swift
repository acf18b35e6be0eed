/// The facts about a commit that a finding is attributed with.
public struct CommitInfo: Sendable, Hashable {
    public var id: ObjectID
    public var authorName: String
    public var authorEmail: String
    /// Author time, seconds since 1970-01-01 UTC.
    public var authorTime: Int64
    /// The author's UTC offset in minutes.
    public var authorOffsetMinutes: Int
    /// The first line of the message.
    public var summary: String
    /// No reference reaches it (`--include-unreachable`): a commit amended away or dropped, or an
    /// object no commit holds, which then stands in for its own commit.
    public var isUnreachable = false

    public init(
        id: ObjectID, authorName: String, authorEmail: String, authorTime: Int64, authorOffsetMinutes: Int,
        summary: String
    ) {
        self.id = id
        self.authorName = authorName
        self.authorEmail = authorEmail
        self.authorTime = authorTime
        self.authorOffsetMinutes = authorOffsetMinutes
        self.summary = summary
    }
}
