import GitStore
import Matching

/// Finds the secrets in a buffer: runs the matcher, then applies each rule's filters (path, entropy,
/// degenerate bodies, checksum), the allowlists and inline `keywarden:allow` comments, and looks
/// inside base64 runs. One per worker thread: it owns the matcher's scratch space and compiled regexes.
final class SecretDetector {
    let rules: CompiledRuleSet
    private let matcher: Matcher
    /// Each rule's path filter and allowlists, compiled the first time they are needed (nil: not
    /// yet): a scan reaches few of the hundreds of rules, and compiling them all was most of a small
    /// scan's start-up. `CompiledRuleSet` has already checked that every one of them compiles.
    private var pathFilters: [CompiledRegex??]
    private var ruleAllowlists: [[CompiledAllowlist]?]
    private let globalAllowlists: [CompiledAllowlist]
    /// Rules (by index) that match by path alone, that need other rules' matches nearby, and whose
    /// own matches only serve those.
    private let pathOnlyRules: [Int]
    private let compositeRules: [Int]
    private let skippedRules: Set<Int>
    /// Rules whose confirmation hit PCRE2's match limit, by rule index: their findings may be incomplete.
    private(set) var limitExceededRules: Set<Int> = []
    /// Archives whose expansion stopped (a limit against bombs, damage), since the last `takeLimitProblems`.
    var archiveProblems: [SkippedObject] = []

    static let allowComments: [[UInt8]] = [Array("keywarden:allow".utf8), Array("gitleaks:allow".utf8)]
    static let maximumDecodingDepth = 2

    init(rules: CompiledRuleSet) throws {
        self.rules = rules
        matcher = try Matcher(database: rules.database)
        pathFilters = Array(repeating: nil, count: rules.ruleSet.rules.count)
        ruleAllowlists = Array(repeating: nil, count: rules.ruleSet.rules.count)
        globalAllowlists = try rules.ruleSet.allowlists.map(CompiledAllowlist.init)
        let all = rules.ruleSet.rules
        pathOnlyRules = all.indices.filter { all[$0].isPathOnly }
        compositeRules = all.indices.filter { !all[$0].required.isEmpty }
        skippedRules = Set(all.indices.filter { all[$0].skipReport })
    }

    private func pathFilter(_ index: Int) -> CompiledRegex? {
        if let compiled = pathFilters[index] { return compiled }
        let compiled = rules.ruleSet.rules[index].path.flatMap { try? CompiledRegex($0) }
        pathFilters[index] = .some(compiled)
        return compiled
    }

    private func allowlists(of index: Int) -> [CompiledAllowlist] {
        if let compiled = ruleAllowlists[index] { return compiled }
        let compiled = rules.ruleSet.rules[index].allowlists.compactMap { try? CompiledAllowlist($0) }
        ruleAllowlists[index] = compiled
        return compiled
    }

    /// Everything about `path` that can change what is reported: which rules apply there and which
    /// allowlist path criteria match it. Two paths with equal signatures get the same findings.
    func pathSignature(_ path: String) -> [Bool] {
        let indices = rules.ruleSet.rules.indices
        var signature = indices.map { pathFilter($0)?.matches(path) ?? true }
        for allowlist in indices.flatMap(allowlists(of:)) + globalAllowlists {
            if let matches = allowlist.matchesPath(path) { signature.append(matches) }
        }
        return signature
    }

    /// Whether any allowlist looks at commits (then findings depend on the commit too).
    var hasCommitAllowlists: Bool { rules.ruleSet.hasCommitAllowlists }

    /// Whether `takeLimitProblems` has anything to say.
    var hasPendingProblems: Bool { !limitExceededRules.isEmpty || !archiveProblems.isEmpty }

    /// Problems for the rules that gave up at PCRE2's match limit since the last call, then forgets
    /// them: their findings in `path` may be incomplete, so the scan must not pass as clean.
    func takeLimitProblems(path: String) -> [SkippedObject] {
        defer {
            limitExceededRules = []
            archiveProblems = []
        }
        return archiveProblems + limitExceededRules.sorted().map { rules.patternRules[$0] }.map { index in
            SkippedObject(
                subject: path,
                reason: "rule '\(rules.ruleSet.rules[index].id)' gave up at the regex match limit; findings of this rule may be missing here")
        }
    }

    /// The secrets in `buffer`, the content of the file or blob at `path` (in `commit`, for history).
    func detect(in buffer: UnsafeRawBufferPointer, path: String, commit: String? = nil) throws -> [Detection] {
        try detect(in: buffer, path: path, commit: commit, depth: 0)
    }

    private func detect(in buffer: UnsafeRawBufferPointer, path: String, commit: String?, depth: Int) throws -> [Detection] {
        let output = try matcher.scan(buffer) { pattern in pathFilter(rules.patternRules[pattern])?.matches(path) ?? true }
        limitExceededRules.formUnion(output.limitExceeded)
        var detections: [Detection] = []
        var pathAllowed: [Int: Bool] = [:]
        for match in output.matches {
            let ruleIndex = rules.patternRules[match.pattern]
            let rule = rules.ruleSet.rules[ruleIndex]
            let applies = pathAllowed[ruleIndex] ?? {
                let applies = pathFilter(ruleIndex)?.matches(path) ?? true
                pathAllowed[ruleIndex] = applies
                return applies
            }()
            guard applies else { continue }
            let secretBytes = UnsafeRawBufferPointer(rebasing: buffer[match.secretRange])
            let secret = String(decoding: secretBytes, as: UTF8.self)
            guard SecretFilters.passes(secret, rule: rule) else { continue }
            let context = MatchContext(buffer: buffer, match: match, secret: secret, path: path, commit: commit)
            if (allowlists(of: ruleIndex) + globalAllowlists).contains(where: { $0.allows(context) }) { continue }
            detections.append(Detection(
                ruleIndex: ruleIndex, secret: secret, offset: match.secretRange.lowerBound,
                isInlineAllowed: context.lineContainsAny(Self.allowComments), matchStart: match.range.lowerBound))
        }
        if !compositeRules.isEmpty || !skippedRules.isEmpty {
            detections = CompositeRules.resolve(
                detections, rules: rules.ruleSet.rules, composites: compositeRules, skipped: skippedRules, in: buffer)
        }
        detections = Self.droppingGenericDuplicates(detections, rules: rules.ruleSet.rules)
        if depth < Self.maximumDecodingDepth && !output.markerHits.isEmpty {
            detections += try decodedDetections(in: buffer, markerHits: output.markerHits, path: path, commit: commit, depth: depth)
        }
        return detections
    }

    /// "file detected" for each rule that matches by path alone and applies at `path` (a file, a blob or
    /// an archive member, whatever its content): the secret is the file itself, named by `digest()`, the
    /// SHA-256 of its bytes, computed only when a rule applies.
    func pathOnlyDetections(path: String, commit: String?, digest: () throws -> String) rethrows -> [Detection] {
        guard !pathOnlyRules.isEmpty else { return [] }
        var detections: [Detection] = []
        var secret: String?
        let nothing = PatternMatch(pattern: -1, range: 0..<0, secretRange: 0..<0)
        let context = MatchContext(buffer: UnsafeRawBufferPointer(start: nil, count: 0), match: nothing, secret: "", path: path, commit: commit)
        for index in pathOnlyRules where pathFilter(index)?.matches(path) == true {
            if (allowlists(of: index) + globalAllowlists).contains(where: { $0.allows(context) }) { continue }
            if secret == nil { secret = "file sha256:" + (try digest()) }
            detections.append(Detection(ruleIndex: index, secret: secret!, offset: 0, isPathOnly: true))
        }
        return detections
    }

    /// A secret a provider's rule recognised is not reported again by a generic rule at the same place.
    static func droppingGenericDuplicates(_ detections: [Detection], rules: [Rule]) -> [Detection] {
        // A file found by its path alone covers no bytes of it.
        let specific = detections.filter { rules[$0.ruleIndex].provider != "Generic" && !$0.isPathOnly }
        guard !specific.isEmpty else { return detections }
        // The specific secrets' byte ranges, by start, each with the furthest end up to it: whether a
        // range overlaps any of them is one binary search, not a pass over all.
        // (An empty range overlaps nothing.)
        let ranges = specific.map { $0.offset..<($0.offset + $0.secret.utf8.count) }.filter { !$0.isEmpty }
            .sorted { $0.lowerBound < $1.lowerBound }
        var furthestEnd: [Int] = []
        furthestEnd.reserveCapacity(ranges.count)
        for range in ranges { furthestEnd.append(max(furthestEnd.last ?? Int.min, range.upperBound)) }
        return detections.filter { detection in
            guard rules[detection.ruleIndex].provider == "Generic" else { return true }
            let start = detection.offset
            let end = detection.offset + detection.secret.utf8.count
            // Ranges starting before `end` are the first `low`.
            var low = 0
            var high = ranges.count
            while low < high {
                let middle = (low + high) / 2
                if ranges[middle].lowerBound < end { low = middle + 1 } else { high = middle }
            }
            // One of them overlaps when the furthest end among them passes `start`.
            guard low > 0, start < end else { return true }
            return furthestEnd[low - 1] <= start
        }
    }

    private func decodedDetections(
        in buffer: UnsafeRawBufferPointer, markerHits: [MarkerHit], path: String, commit: String?, depth: Int
    ) throws -> [Detection] {
        var runs: [Range<Int>] = []
        for hit in markerHits.sorted(by: { $0.end < $1.end }) {
            let run = EncodedSignatures.run(around: hit.end - 1, in: buffer)
            guard run.count >= 8 else { continue }
            // Overlapping windows are merged, never dropped: a window that merely contains a later hit
            // may end before that hit's secret does. Each byte is still decoded once per alignment.
            if let last = runs.last, last.upperBound >= run.lowerBound {
                runs[runs.count - 1] = last.lowerBound..<max(last.upperBound, run.upperBound)
            } else {
                runs.append(run)
            }
        }
        var detections: [Detection] = []
        for run in runs {
            var found: Set<Detection> = []
            // An allow comment on the line of the encoded run allows what it decodes to.
            let runAllowed = MatchContext.containsAny(
                Self.allowComments, in: UnsafeRawBufferPointer(rebasing: buffer[MatchContext.lineRange(of: run, in: buffer)]))
            // The run may begin mid-group when base64 characters precede the encoded value: try
            // each of the four alignments.
            for skip in 0..<min(4, run.count) {
                let slice = UnsafeRawBufferPointer(rebasing: buffer[(run.lowerBound + skip)..<run.upperBound])
                guard let decoded = EncodedSignatures.decode(slice) else { continue }
                let inner = try decoded.withUnsafeBytes { try detect(in: $0, path: path, commit: commit, depth: depth + 1) }
                for detection in inner {
                    found.insert(Detection(
                        ruleIndex: detection.ruleIndex, secret: detection.secret, offset: run.lowerBound,
                        encoding: "base64", isInlineAllowed: runAllowed || detection.isInlineAllowed))
                }
            }
            detections += found.sorted { ($0.ruleIndex, $0.secret) < ($1.ruleIndex, $1.secret) }
        }
        return detections
    }
}
