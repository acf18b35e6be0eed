import GitStore

/// Works out each history finding's exposure in one repository: which references hold its commit
/// (computed once for the repository) and how long HEAD's line kept the file (once per commit and
/// path). The findings of one commit and file share one exposure.
struct ExposureResolver {
    private let repository: Repository
    private let reach: ReferenceReach
    /// Each exposure worked out, by source, commit and path.
    private var known: [String: Indirect<OccurrenceExposure>] = [:]

    init(repository: Repository) {
        self.repository = repository
        reach = repository.referenceReach()
    }

    /// The exposure of a committed finding; nil for the working tree and the index.
    mutating func exposure(of finding: Finding) -> Indirect<OccurrenceExposure>? {
        guard finding.source.isCommitted, let hex = finding.commit?.id, let commit = ObjectID(hex: hex) else { return nil }
        // An archive member (`bundle.zip!config/.env`) is carried by the archive's file.
        let path = finding.path.split(separator: "!", maxSplits: 1).first.map(String.init) ?? finding.path
        let key = finding.source.rawValue + "\u{0}" + hex + "\u{0}" + path
        if let exposure = known[key] { return exposure }
        let exposure = Indirect(exposure(of: commit, hex: hex, time: finding.commit?.time, path: path, source: finding.source))
        known[key] = exposure
        return exposure
    }

    private func exposure(of commit: ObjectID, hex: String, time: Int64?, path: String, source: Finding.Source) -> OccurrenceExposure {
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
        guard source == .history, let committed = reach.time(of: commit) else {
            // A message, a tag's content or an unreachable commit: the object itself is where it stays.
            exposure.lastCommit = hex
            exposure.lastTime = time
            return exposure
        }
        if let carriage = repository.carriage(ofPath: path, in: commit, reach: reach) {
            exposure.atHead = carriage.atHead
            exposure.lastCommit = carriage.lastCommit.hex
            exposure.lastTime = carriage.lastTime
            exposure.removedBy = carriage.removedBy?.hex
            exposure.removedTime = carriage.removedTime
        } else {
            exposure.lastCommit = hex
            exposure.lastTime = committed
        }
        return exposure
    }
}
