import ArgumentParser
import Foundation
import KeyWarden

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan a working tree, a repository's whole history, the staged changes, or a range of commits.",
        discussion: """
            keywarden scan [PATH ...]                 the files of the working tree (default: .)
            keywarden scan - [--stdin-name NAME]      what arrives on standard input
            keywarden scan --history [PATH]           every blob reachable from every reference, once
            keywarden scan --staged [FILE ...]        what is about to be committed (added lines only)
            keywarden scan --range A..B | --since REV the lines the commits of a range add (CI, pre-push)
            keywarden scan --pushed                   what a push hands to the pre-commit framework's pre-push stage
            """)

    @Argument(help: "Directories or files to scan (- for standard input); with --staged, the staged files to limit the scan to.")
    var paths: [String] = []

    @Option(
        name: .customLong("stdin-name"),
        help: ArgumentHelp("With -: the path to report for what standard input holds (default: stdin).", valueName: "NAME"))
    var stdinName: String?

    private var readsStandardInput: Bool { paths == ["-"] }

    @Flag(help: "Scan every blob reachable from every reference (branches, tags, remotes, stash), each once.")
    var history = false

    @Flag(help: "Scan the lines the index adds against HEAD: what is about to be committed.")
    var staged = false

    @Option(help: "Scan the lines added by the commits in A..B (or reachable from REV).")
    var range: String?

    @Option(
        name: .customLong("commit-message"),
        help: ArgumentHelp("Scan the commit message in FILE (what the commit-msg hook passes).", valueName: "FILE"))
    var commitMessage: String?

    @Flag(
        help: ArgumentHelp(
            "Scan what is being pushed, as the pre-commit framework's pre-push stage names it (PRE_COMMIT_FROM_REF, PRE_COMMIT_TO_REF, PRE_COMMIT_REMOTE_NAME).",
            discussion: "The configuration, ignore file and baseline are read from the remote's side, as with --trusted-side."))
    var pushed = false

    @Option(help: "Scan the lines added since REV: the same as --range REV..HEAD.")
    var since: String?

    @Option(help: "With --range: also leave out what this commit has (repeatable; unknown commits are skipped).")
    var exclude: [String] = []

    @Flag(name: .customLong("not-remotes"), help: "With --range: leave out what any remote-tracking branch already has.")
    var notRemotes = false

    @Option(name: .customLong("not-remote"), help: "With --range: leave out what this remote's tracking branches already have.")
    var notRemote: String?

    @Option(
        name: .customLong("trusted-side"),
        help: ArgumentHelp(
            "With --range: read the configuration, ignore file and baseline from this commit, not from the range (repeatable: the first the repository has).",
            discussion: "What the pre-push hook uses: the commits being pushed cannot switch their own check off."))
    var trustedSide: [String] = []

    @Flag(
        name: .customLong("trust-changed-config"),
        help: "With --trusted-side: apply the range's own configuration, ignore file and baseline, and say what they hide.")
    var trustChangedConfig = false

    @Option(help: "Report only findings not in this baseline (see `keywarden baseline create`).")
    var baseline: String?

    @Option(name: .customLong("ignore-file"), help: "Fingerprints to ignore (default: .keywardenignore in the repository root).")
    var ignoreFile: String?

    @Option(help: "Worker threads (default: one per core).")
    var threads: Int?

    @Flag(
        name: .customLong("no-cache"),
        help: "With --history: read every blob, without using or updating what earlier scans with the same rules found.")
    var noCache = false

    @Option(name: .customLong("max-file-size"), help: "Skip files and blobs larger than this many bytes (default 1 GiB; binary content over 10 MB is skipped too). Each skip is named in the report.")
    var maxFileSize: Int?

    @Flag(
        name: .customLong("include-unreachable"),
        help: "With --history: also scan the objects no reference reaches (amended or dropped commits, deleted branches).")
    var includeUnreachable = false

    @OptionGroup(title: "Archives") var archives: ArchiveOptions

    @OptionGroup var rules: RuleOptions
    @OptionGroup var verification: VerifyOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let maxFileSize, maxFileSize < 1 { throw ValidationError("--max-file-size must be at least 1") }
        let modes = [history, staged, range != nil || since != nil, commitMessage != nil, pushed].filter { $0 }.count
        if modes > 1 { throw ValidationError("choose one of --history, --staged, --range/--since, --commit-message, --pushed") }
        if pushed && (!exclude.isEmpty || notRemotes || notRemote != nil || !trustedSide.isEmpty) {
            throw ValidationError("--pushed takes its range, remote and trusted side from the push")
        }
        if range != nil && since != nil { throw ValidationError("give --range or --since, not both") }
        if paths.contains("-") && (!readsStandardInput || modes > 0) {
            throw ValidationError("- (standard input) is scanned on its own: no other path, no --history, --staged, --range or --commit-message")
        }
        if stdinName != nil && !readsStandardInput { throw ValidationError("--stdin-name goes with - (standard input)") }
        if includeUnreachable && !history { throw ValidationError("--include-unreachable goes with --history") }
        if !trustedSide.isEmpty && range == nil && since == nil { throw ValidationError("--trusted-side goes with --range or --since") }
        if trustChangedConfig && trustedSide.isEmpty && !pushed {
            throw ValidationError("--trust-changed-config goes with --trusted-side or --pushed")
        }
        if (history || range != nil || since != nil || pushed) && paths.count > 1 {
            throw ValidationError("--history, --range, --since and --pushed scan one repository")
        }
    }

    private var isChangeScan: Bool { staged || range != nil || since != nil || commitMessage != nil || pushed }

    func run() throws {
        if !trustedSide.isEmpty || pushed { return try runTrusted() }
        let root = (history || range != nil || since != nil) ? (paths.first ?? ".") : (staged || readsStandardInput ? "." : (paths.first ?? "."))
        var report: ScanReport
        let ruleSet: RuleSet
        var stream: JSONLinesStream?
        do {
            let configuration = try rules.configuration(for: root)
            ruleSet = try RuleSet.resolve(configuration)
            let suppressions = try Suppressions(baseline: baseline, ignoreFile: ignoreFile, root: root, checksChange: isChangeScan)
            let verifier = try verification.makeVerifier()
            stream = try jsonLinesStream(verifier: verifier)
            var sink: (any FindingSink)? = stream
            if let stream, let filter = suppressions.filter { sink = FilteringFindingSink(stream, filter: filter) }
            var options = ScanOptions()
            if let threads { options.threads = threads }
            options.archiveLimits = archives.applied(to: options.archiveLimits)
            options.includeUnreachable = includeUnreachable
            if let size = maxFileSize ?? configuration?.maxFileSize { options.maxFileSize = size }
            if history && !noCache { options.historyCacheDirectory = ScanOptions.defaultCacheDirectory }
            let progress = history && !output.quiet ? ProgressLine.makeIfTerminal() : nil
            let scanner = SecretScanner(
                rules: try CompiledRuleSet.prepared(ruleSet), options: options, progress: progress, findingSink: sink)
            report = try scan(with: scanner, root: root)
            if progress != nil { ProgressLine.clear() }
            suppressions.apply(to: &report, configuration: configuration, rules: ruleSet.rules.count)
            verify(&report, with: verifier, streamedBy: stream)
        } catch {
            Terminal.printError(error)
            throw ExitStatus.couldNotScan
        }
        try output.finish(report, ruleSet: ruleSet, includesAdvice: isChangeScan, streamed: stream, threads: threads)
    }

    private func scan(with scanner: SecretScanner, root: String) throws -> ScanReport {
        if history { return try scanner.scanHistory(at: root) }
        if readsStandardInput { return try scanner.scanStream(name: stdinName ?? "stdin") }
        if let commitMessage { return try scanner.scanCommitMessage(at: commitMessage) }
        if staged {
            let limited = try paths.map { try RepositoryPaths.relativeToRoot($0, repositoryAt: root) }
            return try scanner.scanStaged(at: root, limitedTo: limited)
        }
        if range != nil || since != nil {
            let (include, excluded, skipped) = commitRange(root: root)
            var report = try scanner.scanChanges(
                at: root, including: include, excluding: excluded, excludingRemoteTracking: notRemotes,
                excludingRemote: notRemote)
            for revision in skipped { report.notes.append("\(revision) is not in this repository: not excluded") }
            return report
        }
        return try scanner.scanWorkingTrees(at: paths.isEmpty ? ["."] : paths)
    }

    /// The commits `--range`/`--since` and `--exclude` name: what to include, what to leave out, and
    /// the `--exclude` revisions the repository does not have.
    private func commitRange(root: String) -> (include: [String], exclude: [String], skipped: [String]) {
        var include: [String]
        var excluded: [String] = []
        if let since {
            include = ["HEAD"]
            excluded = [since]
        } else if let range, let dots = range.range(of: "..") {
            include = [String(range[dots.upperBound...])].map { $0.isEmpty ? "HEAD" : $0 }
            excluded = [String(range[..<dots.lowerBound])]
        } else {
            include = [range!]
        }
        var skipped: [String] = []
        for revision in exclude {
            if RepositoryPaths.resolves(revision, repositoryAt: root) { excluded.append(revision) } else { skipped.append(revision) }
        }
        return (include, excluded, skipped)
    }

    /// `--range` with `--trusted-side`, and `--pushed`: the configuration, ignore file and baseline
    /// come from the trusted commit (see `TrustedChangeScan`).
    private func runTrusted() throws {
        let root = paths.first ?? "."
        let report: ScanReport
        let ruleSet: RuleSet
        var stream: JSONLinesStream?
        do {
            var check: TrustedChangeScan
            var skipped: [String] = []
            if pushed {
                check = FrameworkPush().trustedScan(path: root)
            } else {
                let (include, excluded, unknown) = commitRange(root: root)
                skipped = unknown
                check = TrustedChangeScan(
                    path: root,
                    commits: .range(including: include, excluding: excluded, excludingRemoteTracking: notRemotes, excludingRemote: notRemote),
                    trustedSide: .firstOf(trustedSide))
            }
            let repositoryRoot = RepositoryPaths.repositoryRoot(for: root)
            if let config = rules.config { check.files.configuration = PolicyFiles.location(of: config, repositoryRoot: repositoryRoot) }
            if let ignoreFile { check.files.ignoreFile = PolicyFiles.location(of: ignoreFile, repositoryRoot: repositoryRoot) }
            if let baseline { check.files.baseline = PolicyFiles.location(of: baseline, repositoryRoot: repositoryRoot) }
            check.trustsChangedPolicy = trustChangedConfig
            check.maxFileSize = maxFileSize
            if let threads { check.options.threads = threads }
            check.options.archiveLimits = archives.applied(to: check.options.archiveLimits)
            let verifier = try verification.makeVerifier()
            // Written as the scan of the checked commits finds them, after the applied side's filter.
            stream = try jsonLinesStream(verifier: verifier)
            check.findingSink = stream
            var result = try check.run()
            for revision in skipped { result.report.notes.append("\(revision) is not in this repository: not excluded") }
            verify(&result.report, with: verifier, streamedBy: stream)
            (report, ruleSet) = result
        } catch {
            Terminal.printError(error)
            throw ExitStatus.couldNotScan
        }
        try output.finish(report, ruleSet: ruleSet, includesAdvice: true, streamed: stream, threads: threads)
    }

    /// With `--format jsonl`, the stream the scan writes its lines to as it makes each finding; with
    /// `--verify`, a Runway key's lines wait for its verdict.
    private func jsonLinesStream(verifier: RunwayKeyVerifier?) throws -> JSONLinesStream? {
        guard output.format == .jsonl else { return nil }
        let stream = JSONLinesStream(to: try output.destination(), redacts: !output.noRedact, verifier: verifier)
        if let verifier, !output.quiet {
            Terminal.printError("keywarden: checking the Runway keys found with \(verifier.endpoint) as they are found")
        }
        return stream
    }

    /// `--verify`: the verdicts a stream reached while the scan went on, or, for a report written at
    /// the end, the keys checked now.
    private func verify(_ report: inout ScanReport, with verifier: RunwayKeyVerifier?, streamedBy stream: JSONLinesStream?) {
        guard let verifier else { return }
        if let stream { return verifier.record(stream.waitForChecks(), in: &report) }
        let count = Set(report.findings.filter(RunwayKeyVerifier.canCheck).map(\.secretSha256)).count
        if !output.quiet && count > 0 {
            Terminal.printError("keywarden: checking \(count) Runway key\(count == 1 ? "" : "s") with \(verifier.endpoint)")
        }
        verifier.verify(&report)
    }
}
