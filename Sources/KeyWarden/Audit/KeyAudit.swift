import Foundation

/// Everything known about one key across the repositories audited, and what to do about it.
public struct KeyAudit: Sendable, Hashable {
    public var secretSha256: String
    public var ruleID: String
    public var provider: String
    public var description: String
    /// The redacted key, e.g. `key_3f9a…c210`.
    public var hint: String
    /// The team's record of this key; nil when the inventory does not know it.
    public var inventory: InventoryKey?
    public var environments: [String]
    public var owners: [String]
    /// Emails of the authors of the commits that brought the key in.
    public var authors: [String]
    public var repositories: [String]
    public var inWorktree: Bool
    /// The oldest commit that carried the key (or the first working-tree place when never committed).
    public var firstSeen: KeyOccurrence?
    /// Whether it was pushed, since when, where it still is, and for how many days it has been exposed.
    public var exposure: KeyExposure
    public var occurrences: [KeyOccurrence]
    /// Most urgent first; empty when nothing needs doing.
    public var recommendations: [Recommendation]
    /// A remark that is not an action (e.g. a disabled key only in history).
    public var note: String?
    /// What Runway answered when asked about the key (`--verify`); nil when not asked.
    public var liveness: LivenessResult?

    /// A key that works and needs action: these come first in every audit.
    public var isLiveAndExposed: Bool { liveness?.liveness == .live && !recommendations.isEmpty }

    /// Builds the audit of one key from where it was found and what the inventory says of it.
    public init(
        secretSha256: String, ruleID: String, provider: String, description: String, hint: String,
        occurrences: [KeyOccurrence], inventory entry: InventoryKey?, maxKeyAgeDays: Int, now: Date,
        liveness: LivenessResult? = nil
    ) {
        self.liveness = liveness
        self.secretSha256 = secretSha256
        self.ruleID = ruleID
        self.provider = provider
        self.description = description
        self.hint = entry?.hint.isEmpty == false ? entry!.hint : hint
        self.inventory = entry
        let sorted = occurrences.sorted {
            ($0.time ?? Int64.max, $0.repository, $0.path, $0.line) < ($1.time ?? Int64.max, $1.repository, $1.path, $1.line)
        }
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
        authors = Self.unique(sorted.compactMap(\.authorEmail))
        if let owner = entry?.owner, !owner.isEmpty {
            owners = [owner]
        } else {
            owners = authors
        }
        repositories = Self.unique(sorted.map(\.repository))
        inWorktree = sorted.contains { $0.source == .worktree }
        firstSeen = sorted.first { $0.source.isCommitted } ?? sorted.first
        exposure = KeyExposure(occurrences: sorted, now: now)
        recommendations = []
        note = nil
        recommendations = makeRecommendations(maxKeyAgeDays: maxKeyAgeDays, now: now)
    }

    /// `values` without repeats, in the order they first appear.
    static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }

    /// The most urgent action, for ordering keys.
    public var mostUrgent: Recommendation.Action? { recommendations.map(\.action).min() }

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

    private mutating func makeRecommendations(maxKeyAgeDays: Int, now: Date) -> [Recommendation] {
        var result: [Recommendation] = []
        let worktreePaths = Self.unique(occurrences.filter { $0.source == .worktree }.map(\.path))
        let removeSteps = "Delete it from \(worktreePaths.joined(separator: ", ")) and load the key at run time from the environment (RUNWAYML_API_SECRET for Runway), set from a secret manager. Deleting it does not un-expose it: history keeps it."
        let answered = liveness?.liveness
        if inventory?.status == .disabled {
            let since = inventory?.statusChanged.isEmpty == false ? " on \(inventory!.statusChanged)" : ""
            if answered == .live {
                result.append(Recommendation(
                    action: .disableNow,
                    reason: "STILL LIVE: the inventory says it was disabled\(since), but Runway accepted it at \(liveness!.checkedAt); the portal change did not happen (or another key was disabled instead)",
                    steps: "\(portal), find \(portalName) and disable it now; then run `keywarden audit --verify` again and expect \"invalid\"."))
            }
            if inWorktree {
                result.append(Recommendation(
                    action: .removeFromCode,
                    reason: "disabled\(since) but still in the working tree: dead code that invites someone to re-enable it",
                    steps: removeSteps))
            } else if answered != .live {
                note = "disabled\(since) and only in history: no action needed"
            }
            return result
        }
        if answered == .invalid {
            note = "Runway rejects this key (\(liveness!.detail)): it is already disabled or was never valid; "
                + (inventory.map { "record that with `keywarden inventory disable \($0.id)`" } ?? "nothing to disable")
            if inWorktree {
                result.append(Recommendation(
                    action: .removeFromCode, reason: "dead but still in the working tree: it invites someone to put a live key in its place",
                    steps: removeSteps))
            }
            return result
        }
        let facts = liveness?.facts ?? ""
        let live = answered == .live ? "LIVE — Runway accepted it\(facts.isEmpty ? "" : " (\(facts))"); " : ""
        let days = exposure.daysExposed.map { ", \($0) day\($0 == 1 ? "" : "s") exposed" } ?? ""
        let reason: String
        switch exposure.reach {
        case .pushed:
            reason = "pushed (\(exposure.remotes.joined(separator: ", ")) \(exposure.remotes.count == 1 ? "holds" : "hold") it\(days)): anyone with the repository can use it"
        case .maybePushed:
            // Why nobody can tell is in the exposure facts.
            reason = "it may have been pushed\(exposure.daysExposed.map { " (\($0) day\($0 == 1 ? "" : "s") exposed)" } ?? ""): treat it as public"
        case .localOnly:
            reason = "never left this machine (only \(exposure.localPlaces.joined(separator: ", "))\(days)), but it is stored in plain text"
        case .workingTreeOnly:
            reason = "in the working tree (\(worktreePaths.prefix(3).joined(separator: ", "))): anyone with the files can use it"
        }
        result.append(Recommendation(
            action: .disableNow,
            reason: live + reason,
            steps: "\(portal) and disable \(portalName) now. Create a new key for \(environments.first.map { "the \($0) environment" } ?? "its one environment or developer"), store it in a secret manager, deploy it, and record it with `keywarden inventory add`; then `keywarden inventory disable \(inventory?.id ?? "<id>")`."))
        if exposure.reach == .localOnly {
            result.append(Recommendation(
                action: .removeBeforePush,
                reason: "only \(exposure.localPlaces.joined(separator: ", ")) \(exposure.localPlaces.count == 1 ? "holds" : "hold") it: no remote has it yet",
                steps: "Before anything is pushed, rewrite the local commits that carry it (`git rebase -i` and drop or edit them, or `git filter-repo --replace-text` on branches nobody else has), drop the stash entries that hold it (`git stash drop`), then expire the reflog and prune (`git reflog expire --expire=now --all && git gc --prune=now`). Keep the key disabled all the same: it was stored in plain text."))
        }
        var shared: [String] = []
        if environments.count > 1 { shared.append("\(environments.count) environments (\(environments.joined(separator: ", ")))") }
        if authors.count > 1 { shared.append("\(authors.count) people (\(authors.joined(separator: ", ")))") }
        if repositories.count > 1 { shared.append("\(repositories.count) repositories (\(repositories.joined(separator: ", ")))") }
        if !shared.isEmpty {
            result.append(Recommendation(
                action: .replaceShared,
                reason: "one key used by " + shared.joined(separator: " and "),
                steps: "\(portal), disable \(portalName) and create one key per environment and per developer (\(environments.isEmpty ? "one for each user" : environments.joined(separator: ", "))); give each its own name in the portal and its own inventory entry."))
        }
        if let created = inventory?.created, let date = DayDate.parse(created) {
            let age = DayDate.days(from: date, to: now)
            if age > maxKeyAgeDays {
                result.append(Recommendation(
                    action: .rotate,
                    reason: "created \(created), \(age) days ago; the policy allows \(maxKeyAgeDays)",
                    steps: "\(portal), create a replacement for \(portalName), deploy it, then disable the old key and update the inventory."))
            }
        }
        if inventory == nil {
            let who = authors.isEmpty ? "whoever put it there" : authors.joined(separator: ", ")
            result.append(Recommendation(
                action: .identifyOwner,
                reason: "the inventory does not know this key: nobody has said whose it is",
                steps: "Ask \(who) whose key it is and match the hint \(hint) against the key names in the portal's API Keys tab; treat it as exposed until then, and record its replacement with `keywarden inventory add`."))
        }
        if inWorktree {
            result.append(Recommendation(
                action: .removeFromCode, reason: "still in the working tree: every new clone and build carries it", steps: removeSteps))
            let hardCoded = worktreePaths.filter { !EnvironmentInference.isEnvironmentFile($0) }
            if !hardCoded.isEmpty {
                result.append(Recommendation(
                    action: .useSecretStore,
                    reason: "hard-coded in \(hardCoded.joined(separator: ", ")) rather than read from the environment",
                    steps: "Read the key from the environment (RUNWAYML_API_SECRET) or a secret manager (Vault, AWS Secrets Manager, Google Secret Manager, Azure Key Vault) in that code, never from a literal."))
            }
        }
        return result.sorted { $0.action < $1.action }
    }
}
