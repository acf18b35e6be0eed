/// Which references reach each commit of a repository, and HEAD's first-parent line: what says
/// whether a commit left the machine (a remote-tracking branch holds it) or only local places do.
///
/// Made in time linear in the commits: one walk of the graph, labels passed from children to parents
/// in one pass, and each commit's place on HEAD's line found by one depth-first pass per line commit
/// that stops at commits already placed.
public struct ReferenceReach: Sendable {
    /// What a label stands for.
    enum Label: Hashable, Sendable {
        case remote(String), branch(String), otherBranches, tags, stash, head, otherReferences
    }

    /// At most this many local branches are named one by one; the rest are "other branches".
    static let namedBranches = 40
    /// At most this many remotes are named one by one (64 labels fit one word per commit).
    static let namedRemotes = 16

    let labels: [Label]
    let index: [ObjectID: Int]
    let ids: [ObjectID]
    let times: [Int64]
    /// One bit per label, per commit.
    let masks: [UInt64]
    /// HEAD's first-parent line, oldest first.
    let line: [Int]
    /// For each commit, the first position on `line` whose history includes it; -1 when HEAD does not reach it.
    let linePosition: [Int32]
    /// Annotated tags, and trees and blobs tags point at: what tag-message findings and tagged content
    /// are attributed to.
    let taggedObjects: Set<ObjectID>
    /// The repository has remote-tracking branches: without any, nobody can tell from it what was pushed.
    public let hasRemoteTrackingBranches: Bool

    /// The references that reach `commit` (a tag for an annotated tag, or a tree or blob a tag points
    /// at); nil when none does: an unreachable object.
    public func holders(of commit: ObjectID) -> ReferenceHolders? {
        var holders = ReferenceHolders()
        guard let node = index[commit] else {
            guard taggedObjects.contains(commit) else { return nil }
            holders.tags = true
            return holders
        }
        var mask = masks[node]
        while mask != 0 {
            let bit = mask.trailingZeroBitCount
            mask &= mask - 1
            switch labels[bit] {
            case .remote(let name): holders.remotes.append(name)
            case .branch(let name): holders.branches.append(name)
            case .otherBranches: holders.branches.append("other branches")
            case .tags: holders.tags = true
            case .stash: holders.stash = true
            case .head: holders.head = true
            case .otherReferences: holders.otherReferences = true
            }
        }
        return holders
    }

    /// The commit time of `commit`, when the reach holds it.
    public func time(of commit: ObjectID) -> Int64? { index[commit].map { times[$0] } }

    init(graph: CommitGraph, tips: [(name: String, commit: ObjectID)], headCommit: ObjectID?, taggedObjects: Set<ObjectID>) {
        self.taggedObjects = taggedObjects
        var labels: [Label] = [.head, .tags, .stash, .otherReferences, .otherBranches]
        var position: [Label: Int] = [:]
        for (bit, label) in labels.enumerated() { position[label] = bit }
        var remoteCount = 0
        var branchCount = 0
        var initial = [UInt64](repeating: 0, count: graph.count)
        var sawRemote = false
        for tip in tips {
            guard let node = graph.index[tip.commit] else { continue }
            var label: Label
            if tip.name.hasPrefix("refs/remotes/") {
                sawRemote = true
                let rest = tip.name.dropFirst("refs/remotes/".count)
                label = .remote(String(rest.split(separator: "/", maxSplits: 1).first ?? rest))
                if position[label] == nil && remoteCount >= Self.namedRemotes { label = .otherReferences }
                if position[label] == nil { remoteCount += 1 }
            } else if tip.name.hasPrefix("refs/heads/") {
                label = .branch(String(tip.name.dropFirst("refs/heads/".count)))
                if position[label] == nil && branchCount >= Self.namedBranches { label = .otherBranches }
                if position[label] == nil { branchCount += 1 }
            } else if tip.name.hasPrefix("refs/tags/") {
                label = .tags
            } else if tip.name == "refs/stash" {
                label = .stash
            } else if tip.name == "HEAD" {
                label = .head
            } else {
                label = .otherReferences
            }
            if position[label] == nil {
                position[label] = labels.count
                labels.append(label)
            }
            initial[node] |= 1 << UInt64(position[label]!)
        }

        // Children before parents (Kahn's algorithm on the number of children): each commit's
        // labels are complete when it is taken, and passed on to its parents.
        var masks = initial
        let children = graph.children()
        var pending = children.map(\.count)
        var queue = pending.indices.filter { pending[$0] == 0 }
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for parent in graph.parents[node] {
                masks[parent] |= masks[node]
                pending[parent] -= 1
                if pending[parent] == 0 { queue.append(parent) }
            }
        }

        // HEAD's first-parent line, oldest first; then each commit's first place on it.
        var line: [Int] = []
        var next = headCommit.flatMap { graph.index[$0] }
        while let node = next {
            line.append(node)
            next = graph.parents[node].first
            if line.count > graph.count { break }
        }
        line.reverse()
        var linePosition = [Int32](repeating: -1, count: graph.count)
        var stack: [Int] = []
        for (place, node) in line.enumerated() where linePosition[node] < 0 {
            linePosition[node] = Int32(place)
            stack.append(node)
            while let current = stack.popLast() {
                for parent in graph.parents[current] where linePosition[parent] < 0 {
                    linePosition[parent] = Int32(place)
                    stack.append(parent)
                }
            }
        }

        self.labels = labels
        self.index = graph.index
        self.ids = graph.ids
        self.times = graph.times
        self.masks = masks
        self.line = line
        self.linePosition = linePosition
        hasRemoteTrackingBranches = sawRemote
    }
}
