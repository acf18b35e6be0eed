/// Where one committed occurrence of a key is held — which references reach its commit — and how long
/// HEAD's line of history kept it.
public struct OccurrenceExposure: Sendable, Hashable {
    /// Remotes whose remote-tracking branches hold the commit: it left the machine.
    public var remotes: [String] = []
    /// Local branches that hold it.
    public var branches: [String] = []
    public var tags = false
    public var stash = false
    /// HEAD's history holds it.
    public var headHistory = false
    /// Other references (`refs/notes/…`, `refs/pull/…`) hold it.
    public var otherReferences = false
    /// No reference reaches it: only an unreachable object holds it (`--include-unreachable`).
    public var unreachable = false
    /// The repository has no remote-tracking branches at all, so it cannot say what was pushed (a
    /// bare mirror, a fresh `git init`, a clone whose remotes were removed).
    public var remotesUnknown = false
    /// HEAD's tree still holds it at that path.
    public var atHead = false
    /// The newest commit of HEAD's line that still holds it (or its own commit, off HEAD's line).
    public var lastCommit: String?
    public var lastTime: Int64?
    /// The commit of HEAD's line that changed or removed the file; nil while HEAD holds it.
    public var removedBy: String?
    public var removedTime: Int64?

    public init() {}

    /// It certainly left the machine: a remote holds it.
    public var isPushed: Bool { !remotes.isEmpty }

    /// It certainly never left the machine: the repository knows its remotes, and only local
    /// branches, the stash or unreachable objects hold it.
    public var isLocalOnly: Bool { remotes.isEmpty && !remotesUnknown && !tags && !otherReferences }

    /// The local places that hold it, for people: `branch wip`, `the stash`, `unreachable objects`.
    public var localPlaces: [String] {
        var places = branches.map { $0 == "other branches" ? $0 : "branch \($0)" }
        if stash { places.append("the stash") }
        if unreachable { places.append("unreachable objects") }
        if headHistory && branches.isEmpty { places.append("HEAD (detached)") }
        return places
    }
}
