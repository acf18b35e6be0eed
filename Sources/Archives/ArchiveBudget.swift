/// What an outermost blob or file has used of its `ArchiveLimits`, shared by the archives nested in it.
public struct ArchiveBudget: Sendable {
    public let limits: ArchiveLimits
    /// The size of the outermost content, which the ratio is measured against.
    public let outerSize: Int
    public private(set) var expandedBytes = 0
    public private(set) var entries = 0

    public init(limits: ArchiveLimits, outerSize: Int) {
        self.limits = limits
        self.outerSize = outerSize
    }

    mutating func countEntry() throws(ArchiveError) {
        entries += 1
        guard entries <= limits.entries else { throw .limitReached("more than \(limits.entries) members") }
    }

    mutating func count(bytes: Int) throws(ArchiveError) {
        expandedBytes += bytes
        guard expandedBytes <= limits.totalBytes else {
            throw .limitReached("expands to more than \(limits.totalBytes) bytes")
        }
        if expandedBytes > limits.ratioFloor && expandedBytes / max(1, outerSize) > limits.ratio {
            throw .limitReached("expands to more than \(limits.ratio) times its \(outerSize) bytes")
        }
    }
}
