/// Scans buffers for every pattern of a `MatcherDatabase`. One per thread: it owns Vectorscan scratch
/// space and PCRE2 match data, which must not be shared.
///
/// Each pattern's PCRE2 expression is compiled the first time Vectorscan reports a candidate for it:
/// a pre-commit hook's two small files reach two or three of the forty-odd rules, and compiling the
/// rest was most of its scanning time. (`MatcherDatabase` has already checked that every expression
/// compiles.)
public final class Matcher {
    public let database: MatcherDatabase
    private let vectorscan: VectorscanDatabase?
    private var regexes: [CompiledRegex?]
    private let collector: MatchCollector
    /// The lower-cased bytes of each keyword Vectorscan does not look for (empty for those it does).
    private let searchedKeywordBytes: [[UInt8]]
    /// In the current buffer: whether each such keyword occurs, once searched for.
    private var searchedKeywordFound: [Bool?]
    private var searchedKeywords: [Int] = []
    /// The patterns confirmed over the whole buffer, which every buffer may reach.
    private let wholeBufferPatterns: [Int]
    /// For each keyword, the `.keywords` patterns it opens windows for.
    private let patternsOpenedByKeyword: [[Int]]
    /// Scratch for one buffer's candidate patterns.
    private var isCandidate: [Bool]
    private var candidates: [Int] = []

    /// How far past a candidate's end the confirmation window reaches, so lookaheads can see the
    /// bytes after a match.
    static let lookaheadSlack = 256

    public init(database: MatcherDatabase) throws(MatchingError) {
        self.database = database
        regexes = Array(repeating: nil, count: database.patterns.count)
        do {
            vectorscan = try database.serializedVectorscan.map { bytes throws(VectorscanDatabase.CompileFailure) in
                try VectorscanDatabase.deserialize(bytes)
            }
        } catch {
            throw .engineFailure(error.message)
        }
        collector = MatchCollector(
            patternCount: database.patterns.count, keywordPositionsNeeded: database.keywordPositionsNeeded)
        searchedKeywordBytes = database.keywords.indices.map { database.keywordInDatabase[$0] ? [] : Array(database.keywords[$0].utf8) }
        searchedKeywordFound = Array(repeating: nil, count: database.keywords.count)
        wholeBufferPatterns = database.prefilters.indices.filter { database.prefilters[$0] == .wholeBuffer }
        var opened = [[Int]](repeating: [], count: database.keywords.count)
        for (index, prefilter) in database.prefilters.enumerated() where prefilter == .keywords {
            for keyword in database.patternKeywords[index] { opened[keyword].append(index) }
        }
        patternsOpenedByKeyword = opened
        isCandidate = Array(repeating: false, count: database.patterns.count)
    }

    /// The patterns this buffer may match, in pattern order: those Vectorscan reported ends for,
    /// those a keyword it saw opens windows for, and those confirmed over every buffer.
    private func candidatePatterns() -> [Int] {
        candidates.removeAll(keepingCapacity: true)
        func add(_ index: Int) {
            if !isCandidate[index] {
                isCandidate[index] = true
                candidates.append(index)
            }
        }
        collector.patternsWithEnds.forEach(add)
        for keyword in collector.keywordsSeen { patternsOpenedByKeyword[keyword].forEach(add) }
        wholeBufferPatterns.forEach(add)
        for index in candidates { isCandidate[index] = false }
        candidates.sort()
        return candidates
    }

    /// Finds every pattern's matches in `buffer`.
    /// - Parameter applies: whether a path-gated pattern (`PatternDefinition.isPathGated`) applies to
    ///   this buffer; asked at most once per pattern, and only for one whose keywords may occur.
    public func scan(_ buffer: UnsafeRawBufferPointer, applies: (Int) -> Bool = { _ in true }) throws(MatchingError) -> MatcherOutput {
        collector.reset()
        if let vectorscan {
            do {
                try vectorscan.scan(buffer, collector: collector)
            } catch {
                throw .engineFailure(error.message)
            }
        }
        var output = MatcherOutput()
        output.markerHits = collector.markerHits
        for keyword in searchedKeywords { searchedKeywordFound[keyword] = nil }
        searchedKeywords.removeAll(keepingCapacity: true)
        for index in candidatePatterns() {
            let pattern = database.patterns[index]
            let keywords = database.patternKeywords[index]
            // Unseen keywords: only one Vectorscan does not look for can still let the pattern
            // through, and it is searched for last, once the pattern has got that far.
            let keywordsUnseen = !keywords.isEmpty && !keywords.contains(where: { collector.keywordSeen[$0] })
            if keywordsUnseen && !keywords.contains(where: { !database.keywordInDatabase[$0] }) { continue }
            if pattern.isPathGated && !applies(index) { continue }
            if keywordsUnseen && !keywords.contains(where: { !database.keywordInDatabase[$0] && occurs(keyword: $0, in: buffer) }) {
                continue
            }
            let windows: [Range<Int>]
            switch database.prefilters[index] {
            case .expression:
                windows = Self.mergedWindows(
                    ends: collector.patternEnds[index], before: pattern.maxLength,
                    after: Self.lookaheadSlack, length: buffer.count)
            case .keywords:
                let ends = keywords.flatMap { collector.keywordEnds[$0] }.sorted()
                windows = Self.mergedWindows(
                    ends: ends, before: pattern.maxLength, after: pattern.maxLength + Self.lookaheadSlack,
                    length: buffer.count)
            case .wholeBuffer:
                windows = buffer.isEmpty ? [] : [0..<buffer.count]
            }
            guard !windows.isEmpty else { continue }
            let regex = try regex(for: index)
            for window in windows {
                confirm(pattern: index, with: regex, in: buffer, window: window, into: &output)
            }
        }
        return output
    }

    /// The same answer as `scan(_:)` without any prefilter: every applicable pattern is run by PCRE2
    /// over the whole buffer. Slow; it is the reference the fast path is tested against.
    public func referenceScan(_ buffer: UnsafeRawBufferPointer) -> MatcherOutput {
        var output = MatcherOutput()
        let lowered = String(decoding: buffer, as: UTF8.self).lowercased()
        for (index, pattern) in database.patterns.enumerated() {
            let keywords = pattern.keywords.map { $0.lowercased() }.filter { !$0.isEmpty }
            if !keywords.isEmpty && !keywords.contains(where: { lowered.contains($0) }) { continue }
            if !buffer.isEmpty, let regex = try? regex(for: index) {
                confirm(pattern: index, with: regex, in: buffer, window: 0..<buffer.count, into: &output)
            }
        }
        for (index, marker) in database.markers.enumerated() where !marker.isEmpty && marker.count <= buffer.count {
            for start in 0...(buffer.count - marker.count)
            where buffer[start] == marker[0] && marker.indices.allSatisfy({ buffer[start + $0] == marker[$0] }) {
                output.markerHits.append(MarkerHit(marker: index, end: start + marker.count))
            }
        }
        return output
    }

    /// Whether a keyword Vectorscan does not look for occurs in `buffer`, ignoring ASCII case as
    /// Vectorscan's caseless literals do; searched for once per buffer.
    private func occurs(keyword: Int, in buffer: UnsafeRawBufferPointer) -> Bool {
        if let known = searchedKeywordFound[keyword] { return known }
        let found = Self.contains(searchedKeywordBytes[keyword], ignoringASCIICaseIn: buffer)
        searchedKeywordFound[keyword] = found
        searchedKeywords.append(keyword)
        return found
    }

    /// Whether `needle` (lower-case) occurs in `buffer` with ASCII letters in either case.
    static func contains(_ needle: [UInt8], ignoringASCIICaseIn buffer: UnsafeRawBufferPointer) -> Bool {
        guard let first = needle.first, needle.count <= buffer.count else { return needle.isEmpty }
        func lowered(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
        var start = 0
        let last = buffer.count - needle.count
        while start <= last {
            if lowered(buffer[start]) == first {
                var offset = 1
                while offset < needle.count && lowered(buffer[start + offset]) == needle[offset] { offset += 1 }
                if offset == needle.count { return true }
            }
            start += 1
        }
        return false
    }

    private func regex(for index: Int) throws(MatchingError) -> CompiledRegex {
        if let regex = regexes[index] { return regex }
        let regex = try CompiledRegex(database.patterns[index].regex, patternIndex: index)
        regexes[index] = regex
        return regex
    }

    private func confirm(
        pattern index: Int, with regex: CompiledRegex, in buffer: UnsafeRawBufferPointer, window: Range<Int>,
        into output: inout MatcherOutput
    ) {
        let secretGroup = database.patterns[index].secretGroup
        let truncated = window.upperBound < buffer.count
        var position = window.lowerBound
        while position <= window.upperBound {
            switch regex.firstMatch(in: buffer, from: position, to: window.upperBound, endIsTruncated: truncated) {
            case .noMatch:
                return
            case .limitExceeded:
                if !output.limitExceeded.contains(index) { output.limitExceeded.append(index) }
                return
            case .match(let groups):
                guard let whole = groups[0] else { return }
                // A match that ends exactly where the window was cut may be cut short by the window:
                // had it really ended there, Vectorscan would have reported that end and widened it.
                if truncated && whole.upperBound == window.upperBound { return }
                if let secret = Self.secret(in: groups, group: secretGroup), !secret.isEmpty {
                    output.matches.append(PatternMatch(pattern: index, range: whole, secretRange: secret))
                }
                position = whole.isEmpty ? whole.upperBound + 1 : whole.upperBound
            }
        }
    }

    /// The secret's range among a match's `groups` (0 the whole match): `group`, or for nil the first
    /// capture group that matched something, else the whole match.
    static func secret(in groups: [Range<Int>?], group: Int?) -> Range<Int>? {
        if let group { return groups[group] }
        return groups.dropFirst().first { $0.map { !$0.isEmpty } ?? false } ?? groups[0]
    }

    /// Windows `[end - before, end + after)` around each end, clamped to the buffer and merged
    /// where they overlap. `ends` must be sorted.
    static func mergedWindows(ends: [Int], before: Int, after: Int, length: Int) -> [Range<Int>] {
        var windows: [Range<Int>] = []
        for end in ends {
            let lower = max(0, end - before)
            let upper = min(length, end + after)
            if let last = windows.last, lower <= last.upperBound {
                windows[windows.count - 1] = last.lowerBound..<max(last.upperBound, upper)
            } else {
                windows.append(lower..<upper)
            }
        }
        return windows
    }
}
