/// The content a range of commits adds, file by file, with the commits that add it.
public struct ChangeSet: Sendable {
    public var commits: [CommitInfo] = []
    public var files: [ChangedFile] = []
    /// Each commit's message, in the order of `commits` (a range is checked in its messages too).
    public var messages: [[UInt8]] = []

    public init() {}
}
