import GitStore

/// Works out each history finding's exposure in one repository: which references hold its commit
/// (computed once for the repository) and how long HEAD's line kept the file (once per commit and path).
struct ExposureResolver {
    private let repository: Repository
    private let reach: ReferenceReach
    private var carriages: [String: FileCarriage?] = [:]

    init(repository: Repository) {
        self.repository = repository
        reach = repository.referenceReach()
    }

    /// The exposure of a committed finding; nil for the working tree and the index.
    mutating func exposure(of finding: Finding) -> OccurrenceExposure? {
        guard finding.source.isCommitted, let hex = finding.commit?.id, let commit = ObjectID(hex: hex) else { return nil }
        var exposure = OccurrenceExposure()
        exposure.remotesUnknown = !reach.hasRemoteTrackingBranches
        if let holders = reach.holders(of: commit) {
            exposure.remotes = holders.remotes
            exposure.branches = holders.branches
            exposure.tags = holders.tags
            exposure.stash = holders.stash
            exposure.headHistory = holders.head
            exposure.otherReferences = holders.otherReferences
        } else {
            exposure.unreachable = true
        }
        guard finding.source == .history, let time = reach.time(of: commit) else {
            // A message, a tag's content or an unreachable commit: the object itself is where it stays.
            exposure.lastCommit = hex
            exposure.lastTime = finding.commit?.time
            return exposure
        }
        // An archive member (`bundle.zip!config/.env`) is carried by the archive's file.
        let path = finding.path.split(separator: "!", maxSplits: 1).first.map(String.init) ?? finding.path
        let cacheKey = hex + "\u{0}" + path
        if carriages[cacheKey] == nil { carriages[cacheKey] = .some(repository.carriage(ofPath: path, in: commit, reach: reach)) }
        if let carriage = carriages[cacheKey] ?? nil {
            exposure.atHead = carriage.atHead
            exposure.lastCommit = carriage.lastCommit.hex
            exposure.lastTime = carriage.lastTime
            exposure.removedBy = carriage.removedBy?.hex
            exposure.removedTime = carriage.removedTime
        } else {
            exposure.lastCommit = hex
            exposure.lastTime = time
        }
        return exposure
    }
}
