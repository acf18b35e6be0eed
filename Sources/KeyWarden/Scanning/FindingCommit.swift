/// The commit a history finding is attributed to.
public struct FindingCommit: Sendable, Hashable {
    public var id: String
    public var authorName: String
    public var authorEmail: String
    /// Author date, ISO 8601 with the author's UTC offset.
    public var date: String
    /// Seconds since 1970 (for ordering).
    public var time: Int64
    public var summary: String
    /// No reference reaches the commit (or the object standing in for it): found by
    /// `--include-unreachable`, and gone from the repository at its next garbage collection — but
    /// not from the clones that fetched it.
    public var isUnreachable = false

    public init(id: String, authorName: String, authorEmail: String, date: String, time: Int64, summary: String) {
        self.id = id
        self.authorName = authorName
        self.authorEmail = authorEmail
        self.date = date
        self.time = time
        self.summary = summary
    }
}
