/// The content a range of commits adds, file by file, with the commits that add it.
public struct ChangeSet: Sendable {
    public var commits: [CommitInfo] = []
    public var files: [ChangedFile] = []

    public init() {}
}
