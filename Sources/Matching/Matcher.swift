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
    }

    /// Finds every pattern's matches in `buffer`.
    /// - Parameter applies: whether a path-gated pattern (`PatternDefinition.isPathGated`) applies to
    ///   this buffer; asked only for those whose keywords occur.
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
        for (index, pattern) in database.patterns.enumerated() {
            let keywords = database.patternKeywords[index]
            if !keywords.isEmpty && !keywords.contains(where: { collector.keywordSeen[$0] }) { continue }
            if pattern.isPathGated && !applies(index) { continue }
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
