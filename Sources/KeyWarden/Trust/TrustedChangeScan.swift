import Foundation
import GitStore

/// A scan of commits someone else wrote — a pull request, a push — whose configuration, ignore file
/// and baseline are read from the trusted side (the base the commits are checked against), never
/// from the commits themselves: nothing inside the change can switch the check off.
///
/// - The rules the change's own configuration adds run as well: a change can add checks, not remove
///   them.
/// - When the change touches those files, both sides are scanned; what the change's files would
///   hide is a `SuppressingChange`, which fails the check unless `trustsChangedPolicy` is set (then
///   the change's files apply, and the report still says what they hide).
///
/// ```swift
/// var check = TrustedChangeScan(
///     path: ".", commits: .range(including: [head], excluding: [base]), trustedSide: .firstOf([base]))
/// let (report, rules) = try check.run()
/// ```
public struct TrustedChangeScan: Sendable {
    /// Which commits are checked.
    public enum Commits: Sendable, Hashable {
        /// The lines the commits reachable from `including` but not from `excluding` add.
        case range(including: [String], excluding: [String], excludingRemoteTracking: Bool = false, excludingRemote: String? = nil)
        /// Every blob reachable from every reference.
        case fullHistory
    }

    /// Where the trusted files are read.
    public enum TrustedSide: Sendable, Hashable {
        /// The first of these revisions that names a commit in the repository; none: the built-in rules.
        case firstOf([String])
        /// The working tree (a scan with no other side to trust, such as a CI run outside CI).
        case workingTree
        /// No side can be trusted: the built-in rules, no ignore file, no baseline.
        case none(reason: String)
    }

    public var path: String
    public var commits: Commits
    public var trustedSide: TrustedSide
    /// The commit whose files the change proposes (the tip being checked).
    public var checkedRevision: String
    public var files = PolicyFiles()
    /// Apply the change's own files (and say what they hide) instead of the trusted side's.
    public var trustsChangedPolicy = false
    /// Threads and cache; the size limit is the applied configuration's unless `maxFileSize` is set.
    public var options = ScanOptions()
    /// A size limit that overrides every configuration's (`--max-file-size`).
    public var maxFileSize: Int?
    /// What was scanned and why, for the report's first note ("scanned GitHub pull request a..b").
    public var scope: String?
    /// Told of each finding of the checked commits as it is made, after the applied side's baseline
    /// and ignore file have had their say (`--format jsonl`); the other side's scan, when one is
    /// made to see what a change would hide, is not streamed.
    public var findingSink: (any FindingSink)?

    public init(path: String, commits: Commits, trustedSide: TrustedSide, checkedRevision: String? = nil) {
        self.path = path
        self.commits = commits
        self.trustedSide = trustedSide
        if let checkedRevision {
            self.checkedRevision = checkedRevision
        } else if case .range(let including, _, _, _) = commits, let first = including.first {
            self.checkedRevision = first
        } else {
            self.checkedRevision = "HEAD"
        }
    }

    /// The report, and the rules it applied (for writing the report).
    public func run() throws(ScanError) -> (report: ScanReport, ruleSet: RuleSet) {
        let repository = try SecretScanner.openRepository(at: path, for: .commits)
        let trusted = try trustedPolicy(in: repository)
        let checked: RepositoryPolicy? = try {
            () throws(ScanError) -> RepositoryPolicy? in
            if case .workingTree = trusted.source { return nil }
            guard let commit = try? repository.resolveCommit(checkedRevision) else { return nil }
            return try RepositoryPolicy.committed(commit, files: files, in: repository)
        }()
        let changed = checked.map { trusted.changedFiles(comparedWith: $0, files: files) } ?? []

        let trustedRules = try adding(checked, to: try trusted.ruleSet())
        var report: ScanReport
        let ruleSet: RuleSet
        let applied: RepositoryPolicy
        if trustsChangedPolicy, let checked, !changed.isEmpty {
            ruleSet = try checked.ruleSet()
            applied = checked
        } else {
            ruleSet = trustedRules
            applied = trusted
        }
        report = try scan(with: ruleSet, maxFileSize: applied.maxFileSize, sink: findingSink.map { FilteringFindingSink($0, filter: applied.filter) })
        _ = applied.filter.apply(to: &report)
        report.policy = applied.applied(rules: ruleSet.rules.count)

        if let checked, !changed.isEmpty {
            // What the other side's files make of the same commits.
            var other: ScanReport
            let hidden: [Finding]
            if applied.source == checked.source {
                other = try scan(with: trustedRules, maxFileSize: trusted.maxFileSize)
                _ = trusted.filter.apply(to: &other)
                hidden = Self.missing(from: other.findings, in: report.findings)
            } else {
                other = try scan(with: try checked.ruleSet(), maxFileSize: checked.maxFileSize)
                _ = checked.filter.apply(to: &other)
                hidden = Self.missing(from: report.findings, in: other.findings)
            }
            report.notes.insert(
                "the checked commits change \(changed.joined(separator: ", ")): "
                    + (applied.source == checked.source
                        ? "their own files were applied (--trust-changed-config)"
                        : "the files from \(trusted.source) were applied, with the rules the change adds"),
                at: 0)
            if !hidden.isEmpty {
                report.suppressingChange = SuppressingChange(
                    files: changed, trustedSource: trusted.source.description, hiddenFindings: hidden,
                    isAccepted: applied.source == checked.source)
            }
        }
        if case .builtIn(let reason) = trusted.source {
            report.notes.insert(
                "no trusted side to read the configuration from (\(reason)): the built-in rules were applied, "
                    + "with the rules the change adds, and no ignore file or baseline",
                at: 0)
        }
        if let scope { report.notes.insert(scope, at: 0) }
        return (report, ruleSet)
    }

    private func trustedPolicy(in repository: Repository) throws(ScanError) -> RepositoryPolicy {
        switch trustedSide {
        case .firstOf(let revisions):
            for revision in revisions {
                if let commit = try? repository.resolveCommit(revision) {
                    return try RepositoryPolicy.committed(commit, files: files, in: repository)
                }
            }
            let names = revisions.isEmpty ? "no trusted commit was given" : "\(revisions.joined(separator: ", ")) not in this clone"
            return try RepositoryPolicy.builtIn(reason: names, files: files)
        case .workingTree:
            guard let root = repository.workingDirectory else {
                return try RepositoryPolicy.builtIn(reason: "a bare repository has no working tree", files: files)
            }
            return try RepositoryPolicy.workingTree(root: root, files: files)
        case .none(let reason):
            return try RepositoryPolicy.builtIn(reason: reason, files: files)
        }
    }

    /// `base` with the rules `checked`'s configuration has that `base` has not (by id).
    private func adding(_ checked: RepositoryPolicy?, to base: RuleSet) throws(ScanError) -> RuleSet {
        guard let checked, checked.configuration != nil else { return base }
        let known = Set(base.rules.map(\.id))
        var merged = base
        merged.rules += try checked.ruleSet().rules.filter { !known.contains($0.id) }
        return merged
    }

    private func scan(with ruleSet: RuleSet, maxFileSize configured: Int?, sink: (any FindingSink)? = nil) throws(ScanError) -> ScanReport {
        guard !ruleSet.rules.isEmpty else {
            throw .policy("no rule is active (the configuration disables or replaces every rule): a scan with no rules finds nothing")
        }
        let compiled: CompiledRuleSet
        do {
            compiled = try CompiledRuleSet.prepared(ruleSet)
        } catch {
            throw .policy(error.localizedDescription)
        }
        var scanOptions = options
        scanOptions.maxFileSize = maxFileSize ?? configured ?? ScanOptions.defaultMaxFileSize
        let scanner = SecretScanner(rules: compiled, options: scanOptions, findingSink: sink)
        switch commits {
        case .range(let including, let excluding, let excludingRemoteTracking, let excludingRemote):
            return try scanner.scanChanges(
                at: path, including: including, excluding: excluding, excludingRemoteTracking: excludingRemoteTracking,
                excludingRemote: excludingRemote)
        case .fullHistory:
            return try scanner.scanHistory(at: path)
        }
    }

    /// The findings of `all` that `kept` has not (same secret at the same place).
    private static func missing(from all: [Finding], in kept: [Finding]) -> [Finding] {
        func place(_ finding: Finding) -> String {
            "\(finding.fingerprint)\u{0}\(finding.path)\u{0}\(finding.line)\u{0}\(finding.column)\u{0}\(finding.commit?.id ?? "")"
        }
        let present = Set(kept.map(place))
        return all.filter { !present.contains(place($0)) }
    }
}
