/// Every blob reachable from the repository's references, each once, attributed to the first commit
/// (oldest first, parents before children) and path that brought it in.
public struct HistoryInventory: Sendable {
    public var commits: [CommitInfo] = []
    public var blobs: [BlobIntroduction] = []
    /// Trees, commits or references that could not be read; what they held is missing from `blobs`.
    public var skipped: [SkippedObject] = []
    /// Submodule entries (gitlinks) met in trees: their content lives in another repository.
    public var submodulePaths: Set<String> = []

    public init() {}
}
