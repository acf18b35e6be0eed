import Foundation

/// How far one key got and for how long, from all its occurrences across the repositories audited.
public struct KeyExposure: Sendable, Hashable {
    /// How far the key got, the worst any occurrence says.
    public enum Reach: String, Sendable, Hashable, CaseIterable, Comparable {
        /// A remote-tracking branch holds a commit with it: it was pushed.
        case pushed
        /// Committed, and nothing says whether it left the machine (a tag, a repository without
        /// remote-tracking branches, a report made before exposure was recorded): treated as pushed.
        case maybePushed = "maybe-pushed"
        /// Committed, but only local branches, the stash or unreachable objects hold it.
        case localOnly = "local-only"
        /// Only in the working tree, never committed.
        case workingTreeOnly = "working-tree-only"

        /// Worst first.
        var rank: Int { Self.allCases.firstIndex(of: self)! }
        public static func < (lhs: Reach, rhs: Reach) -> Bool { lhs.rank < rhs.rank }
    }

    public var reach: Reach
    /// Remotes that hold it, as `repository: remote` when more than one repository was audited.
    public var remotes: [String]
    /// Commit time of the oldest occurrence a remote holds.
    public var pushedSince: Int64?
    /// Commit time of the oldest commit that carried it.
    public var firstCommitted: Int64?
    /// The local places holding the occurrences no remote holds (branches, the stash, unreachable objects).
    public var localPlaces: [String]
    /// Why nobody can tell whether it was pushed, for `maybePushed`.
    public var uncertainty: [String]
    public var inWorktree: Bool
    /// HEAD's tree still holds it somewhere.
    public var atHead: Bool
    /// The newest commit still carrying it, and when.
    public var lastCommit: String?
    public var lastTime: Int64?
    /// When HEAD's line stopped carrying it (the latest such change), for a key HEAD no longer holds.
    public var removedTime: Int64?
    /// Days from `pushedSince` (else `firstCommitted`) to the audit; nil for a key never committed.
    public var daysExposed: Int?

    init(occurrences: [KeyOccurrence], now: Date) {
        let committed = occurrences.filter { $0.source.isCommitted }
        let repositories = Set(occurrences.map(\.repository))
        func named(_ occurrence: KeyOccurrence, _ place: String) -> String {
            repositories.count > 1 ? "\(occurrence.repository): \(place)" : place
        }
        var remotes: [String] = []
        var localPlaces: [String] = []
        var uncertainty: [String] = []
        var pushedSince: Int64?
        var reach = Reach.workingTreeOnly
        var atHead = false
        var last: (commit: String, time: Int64)?
        var removed: Int64?
        for occurrence in committed {
            guard let exposure = occurrence.exposure else {
                reach = min(reach, .maybePushed)
                uncertainty.append(named(occurrence, "a report without exposure facts"))
                continue
            }
            if exposure.isPushed {
                reach = .pushed
                remotes += exposure.remotes.map { named(occurrence, $0) }
                if let time = occurrence.time { pushedSince = min(pushedSince ?? time, time) }
            } else if exposure.isLocalOnly {
                reach = min(reach, .localOnly)
                localPlaces += exposure.localPlaces.map { named(occurrence, $0) }
            } else {
                reach = min(reach, .maybePushed)
                if exposure.remotesUnknown { uncertainty.append(named(occurrence, "no remote-tracking branches to tell what was pushed")) }
                if exposure.tags { uncertainty.append(named(occurrence, "a tag holds it (git does not record which tags were pushed)")) }
                if exposure.otherReferences { uncertainty.append(named(occurrence, "a reference other than a branch holds it")) }
                localPlaces += exposure.localPlaces.map { named(occurrence, $0) }
            }
            atHead = atHead || exposure.atHead
            if let commit = exposure.lastCommit, let time = exposure.lastTime, time >= (last?.time ?? Int64.min) {
                last = (commit, time)
            }
            if let time = exposure.removedTime { removed = max(removed ?? time, time) }
        }
        self.reach = reach
        self.remotes = KeyAudit.unique(remotes)
        self.pushedSince = pushedSince
        firstCommitted = committed.compactMap(\.time).min()
        self.localPlaces = KeyAudit.unique(localPlaces)
        self.uncertainty = KeyAudit.unique(uncertainty)
        inWorktree = occurrences.contains { $0.source == .worktree }
        self.atHead = atHead
        lastCommit = last?.commit
        lastTime = last?.time
        removedTime = atHead ? nil : removed
        if let since = pushedSince ?? firstCommitted {
            daysExposed = max(0, Int((now.timeIntervalSince1970 - TimeInterval(since)) / 86_400))
        } else {
            daysExposed = nil
        }
    }

    /// One sentence for people: how far it got, since when, and where it is now.
    public var summary: String {
        var parts = [reachDescription]
        if reach != .workingTreeOnly && reach != .pushed { parts.append("committed \(Self.day(firstCommitted))") }
        if let daysExposed { parts.append("\(daysExposed) day\(daysExposed == 1 ? "" : "s") exposed") }
        if !presence.isEmpty { parts.append(presence) }
        return parts.joined(separator: "; ")
    }

    /// How far it got, in words: who holds it, or why nobody can tell.
    public var reachDescription: String {
        switch reach {
        case .pushed:
            return "pushed: \(remotes.joined(separator: ", ")) \(remotes.count == 1 ? "holds" : "hold") it since a commit of \(Self.day(pushedSince))"
        case .maybePushed:
            return "may have been pushed (\(uncertainty.joined(separator: "; ")))"
        case .localOnly:
            return "never left this machine: only \(localPlaces.isEmpty ? "local history" : localPlaces.joined(separator: ", ")) \(localPlaces.count == 1 ? "holds" : "hold") it"
        case .workingTreeOnly:
            return "never committed: only in the working tree"
        }
    }

    /// Where it still is: at HEAD, or removed from HEAD's tree (and when), and in the working tree.
    public var presence: String {
        var parts: [String] = []
        if reach != .workingTreeOnly {
            if atHead {
                parts.append("still at HEAD")
            } else if let removedTime {
                parts.append("removed from HEAD's tree \(Self.day(removedTime)) (history keeps it)")
            }
            if inWorktree { parts.append("still in the working tree") }
        }
        return parts.joined(separator: "; ")
    }

    /// `YYYY-MM-DD` of a commit time.
    static func day(_ time: Int64?) -> String {
        time.map { DayDate.format(Date(timeIntervalSince1970: TimeInterval($0))) } ?? "?"
    }
}
