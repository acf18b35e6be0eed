import Foundation

/// Everything known about one key across the repositories audited, and what to do about it.
public struct KeyAudit: Sendable, Hashable {
    public let secretSha256: String
    public let ruleID: String
    public let provider: String
    public let description: String
    /// The redacted key, e.g. `key_3f9a…c210`.
    public let hint: String
    /// The team's record of this key; nil when the inventory does not know it.
    public var inventory: InventoryKey? { recorded?.value }
    private let recorded: Indirect<InventoryKey>?
    public let environments: [String]
    public let owners: [String]
    /// Emails of the authors of the commits that brought the key in.
    public let authors: [String]
    public let repositories: [String]
    public let inWorktree: Bool
    /// Whether it was pushed, since when, where it still is, and for how many days it has been exposed.
    public let exposure: KeyExposure
    /// Oldest first (working-tree places last).
    public let occurrences: [KeyOccurrence]
    /// What Runway answered when asked about the key (`--verify`); nil when not asked.
    public var liveness: LivenessResult? { answer?.value }
    private let answer: Indirect<LivenessResult>?
    /// What to do, most urgent first: the action of each of `recommendations`. The audit decides
    /// these when it is made; their wording is written when a report asks for it, so that an audit
    /// of many keys holds no prose.
    public private(set) var actions: [Recommendation.Action] = []
    /// A remark that is not an action (e.g. a disabled key only in history).
    public private(set) var note: String?
    /// Which of `occurrences` is `firstSeen`.
    private let firstSeenIndex: Int?
    private let maxKeyAgeDays: Int
    /// Days since the inventory says the key was created; nil when it does not say.
    private let ageDays: Int?

    /// The oldest commit that carried the key (or the first working-tree place when never committed).
    public var firstSeen: KeyOccurrence? { firstSeenIndex.map { occurrences[$0] } }

    /// Most urgent first; empty when nothing needs doing. Worded anew on each call.
    public var recommendations: [Recommendation] { actions.map(recommendation(for:)) }

    /// A key that works and needs action: these come first in every audit.
    public var isLiveAndExposed: Bool { liveness?.liveness == .live && !actions.isEmpty }

    /// Builds the audit of one key from where it was found and what the inventory says of it.
    public init(
        secretSha256: String, ruleID: String, provider: String, description: String, hint: String,
        occurrences: consuming [KeyOccurrence], inventory entry: InventoryKey?, maxKeyAgeDays: Int, now: Date,
        liveness: LivenessResult? = nil
    ) {
        answer = liveness.map(Indirect.init)
        self.secretSha256 = secretSha256
        self.ruleID = ruleID
        self.provider = provider
        self.description = description
        self.hint = entry?.hint.isEmpty == false ? entry!.hint : hint
        recorded = entry.map(Indirect.init)
        if occurrences.count > 1 {
            occurrences.sort {
                ($0.time ?? Int64.max, $0.repository, $0.path, $0.line) < ($1.time ?? Int64.max, $1.repository, $1.path, $1.line)
            }
        }
        let sorted = occurrences
        self.occurrences = sorted
        var environments: [String] = []
        if let environment = entry?.environment, !environment.isEmpty { environments.append(environment) }
        var inferred: [String: [String]] = [:]
        for occurrence in sorted {
            if inferred[occurrence.path] == nil {
                inferred[occurrence.path] = EnvironmentInference.environments(forPath: occurrence.path)
            }
            environments += inferred[occurrence.path]!
            if let namespace = occurrence.namespace { environments += EnvironmentInference.environments(forNamespace: namespace) }
        }
        self.environments = Self.unique(environments)
        let authors = Self.unique(sorted.compactMap(\.authorEmail))
        self.authors = authors
        if let owner = entry?.owner, !owner.isEmpty {
            owners = [owner]
        } else {
            owners = authors
        }
        repositories = Self.unique(sorted.map(\.repository))
        inWorktree = sorted.contains { $0.source == .worktree }
        firstSeenIndex = sorted.firstIndex { $0.source.isCommitted } ?? sorted.indices.first
        exposure = KeyExposure(occurrences: sorted, now: now)
        self.maxKeyAgeDays = maxKeyAgeDays
        ageDays = entry.flatMap { DayDate.parse($0.created) }.map { DayDate.days(from: $0, to: now) }
        (actions, note) = plan()
    }

    /// `values` without repeats, in the order they first appear.
    static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }

    /// The most urgent action, for ordering keys.
    public var mostUrgent: Recommendation.Action? { actions.min() }

    private var portalName: String {
        if let name = inventory?.name, !name.isEmpty { return "the key named \"\(name)\" (\(hint))" }
        return "the key \(hint)"
    }

    private var portal: String {
        provider == "Runway" || provider.isEmpty
            ? "In the Runway developer portal, open the API Keys tab"
            : "In the \(provider) console"
    }

    /// Where it was found, in one phrase: how many commits (the first, by whom, where) and which
    /// working-tree files.
    public var places: String {
        let history = occurrences.filter { $0.source.isCommitted }
        var parts: [String] = []
        if !history.isEmpty {
            let commits = Set(history.compactMap(\.commit)).count
            parts.append("committed in \(commits) commit\(commits == 1 ? "" : "s") (first \(firstSeen?.commit?.prefix(12) ?? "?") by \(firstSeen?.authorEmail ?? "?"), \(firstSeen?.path ?? "?"))")
        }
        let tree = occurrences.filter { $0.source == .worktree }.map(\.path)
        if !tree.isEmpty { parts.append("present in the working tree (\(Self.unique(tree).prefix(3).joined(separator: ", ")))") }
        return parts.joined(separator: " and ")
    }

    /// Where the key stands in an audit, most urgent first: a live key that needs action, then by
    /// its most urgent action, how far it got (one a remote holds before one that never left the
    /// machine), how many actions, and the oldest first.
    var urgencyOrder: (Int, Int, Int, Int, Int64) {
        (
            isLiveAndExposed ? 0 : 1, mostUrgent?.urgency ?? 99, exposure.reach.rank, -actions.count,
            firstSeenIndex.flatMap { occurrences[$0].time } ?? Int64.max
        )
    }

    // MARK: - What to do

    /// The working-tree files that hold the key.
    private var worktreePaths: [String] { Self.unique(occurrences.filter { $0.source == .worktree }.map(\.path)) }

    /// Whom the key is shared between: environments, people, repositories; empty when it is not shared.
    private var sharing: [String] {
        var shared: [String] = []
        if environments.count > 1 { shared.append("\(environments.count) environments (\(environments.joined(separator: ", ")))") }
        if authors.count > 1 { shared.append("\(authors.count) people (\(authors.joined(separator: ", ")))") }
        if repositories.count > 1 { shared.append("\(repositories.count) repositories (\(repositories.joined(separator: ", ")))") }
        return shared
    }

    /// The working-tree files that hold the key in code rather than in an environment file.
    private var hardCodedPaths: [String] { worktreePaths.filter { !EnvironmentInference.isEnvironmentFile($0) } }

    private var isDisabled: Bool { inventory?.status == .disabled }

    /// ` on YYYY-MM-DD` when the inventory says when the key was disabled.
    private var disabledSince: String {
        inventory?.statusChanged.isEmpty == false ? " on \(inventory!.statusChanged)" : ""
    }

    /// The actions the key's facts call for, most urgent first, and a remark when none is needed.
    private func plan() -> (actions: [Recommendation.Action], note: String?) {
        let answered = liveness?.liveness
        if isDisabled {
            var actions: [Recommendation.Action] = []
            if answered == .live { actions.append(.disableNow) }
            if inWorktree { return (actions + [.removeFromCode], nil) }
            return (actions, answered == .live ? nil : "disabled\(disabledSince) and only in history: no action needed")
        }
        if answered == .invalid {
            let note = "Runway rejects this key (\(liveness!.detail)): it is already disabled or was never valid; "
                + (inventory.map { "record that with `keywarden inventory disable \($0.id)`" } ?? "nothing to disable")
            return (inWorktree ? [.removeFromCode] : [], note)
        }
        var actions: [Recommendation.Action] = [.disableNow]
        if exposure.reach == .localOnly { actions.append(.removeBeforePush) }
        if !sharing.isEmpty { actions.append(.replaceShared) }
        if let ageDays, ageDays > maxKeyAgeDays { actions.append(.rotate) }
        if inventory == nil { actions.append(.identifyOwner) }
        if inWorktree {
            actions.append(.removeFromCode)
            if !hardCodedPaths.isEmpty { actions.append(.useSecretStore) }
        }
        return (actions.sorted(), nil)
    }

    /// `action`'s reason and steps, in terms of this key's facts.
    private func recommendation(for action: Recommendation.Action) -> Recommendation {
        switch action {
        case .disableNow:
            if isDisabled {
                return Recommendation(
                    action: action,
                    reason: "STILL LIVE: the inventory says it was disabled\(disabledSince), but Runway accepted it at \(liveness!.checkedAt); the portal change did not happen (or another key was disabled instead)",
                    steps: "\(portal), find \(portalName) and disable it now; then run `keywarden audit --verify` again and expect \"invalid\".")
            }
            return Recommendation(
                action: action, reason: exposureReason,
                steps: "\(portal) and disable \(portalName) now. Create a new key for \(environments.first.map { "the \($0) environment" } ?? "its one environment or developer"), store it in a secret manager, deploy it, and record it with `keywarden inventory add`; then `keywarden inventory disable \(inventory?.id ?? "<id>")`.")
        case .removeBeforePush:
            return Recommendation(
                action: action,
                reason: "only \(exposure.localPlaces.joined(separator: ", ")) \(exposure.localPlaces.count == 1 ? "holds" : "hold") it: no remote has it yet",
                steps: "Before anything is pushed, rewrite the local commits that carry it (`git rebase -i` and drop or edit them, or `git filter-repo --replace-text` on branches nobody else has), drop the stash entries that hold it (`git stash drop`), then expire the reflog and prune (`git reflog expire --expire=now --all && git gc --prune=now`). Keep the key disabled all the same: it was stored in plain text.")
        case .replaceShared:
            return Recommendation(
                action: action,
                reason: "one key used by " + sharing.joined(separator: " and "),
                steps: "\(portal), disable \(portalName) and create one key per environment and per developer (\(environments.isEmpty ? "one for each user" : environments.joined(separator: ", "))); give each its own name in the portal and its own inventory entry.")
        case .rotate:
            return Recommendation(
                action: action,
                reason: "created \(inventory?.created ?? "?"), \(ageDays ?? 0) days ago; the policy allows \(maxKeyAgeDays)",
                steps: "\(portal), create a replacement for \(portalName), deploy it, then disable the old key and update the inventory.")
        case .identifyOwner:
            let who = authors.isEmpty ? "whoever put it there" : authors.joined(separator: ", ")
            return Recommendation(
                action: action,
                reason: "the inventory does not know this key: nobody has said whose it is",
                steps: "Ask \(who) whose key it is and match the hint \(hint) against the key names in the portal's API Keys tab; treat it as exposed until then, and record its replacement with `keywarden inventory add`.")
        case .removeFromCode:
            let reason =
                if isDisabled {
                    "disabled\(disabledSince) but still in the working tree: dead code that invites someone to re-enable it"
                } else if liveness?.liveness == .invalid {
                    "dead but still in the working tree: it invites someone to put a live key in its place"
                } else {
                    "still in the working tree: every new clone and build carries it"
                }
            return Recommendation(
                action: action, reason: reason,
                steps: "Delete it from \(worktreePaths.joined(separator: ", ")) and load the key at run time from the environment (RUNWAYML_API_SECRET for Runway), set from a secret manager. Deleting it does not un-expose it: history keeps it.")
        case .useSecretStore:
            return Recommendation(
                action: action,
                reason: "hard-coded in \(hardCodedPaths.joined(separator: ", ")) rather than read from the environment",
                steps: "Read the key from the environment (RUNWAYML_API_SECRET) or a secret manager (Vault, AWS Secrets Manager, Google Secret Manager, Azure Key Vault) in that code, never from a literal.")
        }
    }

    /// Why the key must be disabled now: how far it got, and whether Runway says it works.
    private var exposureReason: String {
        let facts = liveness?.facts ?? ""
        let live = liveness?.liveness == .live ? "LIVE — Runway accepted it\(facts.isEmpty ? "" : " (\(facts))"); " : ""
        let days = exposure.daysExposed.map { ", \($0) day\($0 == 1 ? "" : "s") exposed" } ?? ""
        switch exposure.reach {
        case .pushed:
            return live + "pushed (\(exposure.remotes.joined(separator: ", ")) \(exposure.remotes.count == 1 ? "holds" : "hold") it\(days)): anyone with the repository can use it"
        case .maybePushed:
            // Why nobody can tell is in the exposure facts.
            return live + "it may have been pushed\(exposure.daysExposed.map { " (\($0) day\($0 == 1 ? "" : "s") exposed)" } ?? ""): treat it as public"
        case .localOnly:
            return live + "never left this machine (only \(exposure.localPlaces.joined(separator: ", "))\(days)), but it is stored in plain text"
        case .workingTreeOnly:
            return live + "in the working tree (\(worktreePaths.prefix(3).joined(separator: ", "))): anyone with the files can use it"
        }
    }
}
