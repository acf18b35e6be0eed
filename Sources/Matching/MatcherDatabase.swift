/// Every pattern of a rule set compiled for scanning: immutable and shareable between threads.
///
/// Vectorscan finds candidate match ends for all patterns in one pass; PCRE2 then confirms each
/// pattern on a small window around its candidates. A pattern Vectorscan cannot approximate even in
/// prefilter mode falls back to windows around its keywords, or to the whole buffer when it has none;
/// it still matches, only slower. The compiled Vectorscan database is kept serialized so that each
/// worker deserializes its own copy and no C handle is shared.
public struct MatcherDatabase: Sendable {
    /// How candidates for one pattern are found.
    public enum Prefilter: Sendable, Hashable {
        /// Vectorscan matches an approximation of the expression itself.
        case expression
        /// Vectorscan finds the pattern's keywords; each opens a window of `maxLength` either side.
        case keywords
        /// The whole buffer is confirmed with PCRE2.
        case wholeBuffer

        var code: UInt8 {
            switch self {
            case .expression: return 0
            case .keywords: return 1
            case .wholeBuffer: return 2
            }
        }

        init(code: UInt8) {
            self = code == 1 ? .keywords : code == 2 ? .wholeBuffer : .expression
        }
    }

    /// Where compiled databases are cached by default: `$XDG_CACHE_HOME/keywarden` or
    /// `~/.cache/keywarden`, unless `KEYWARDEN_NO_CACHE` is set.
    public static var defaultCacheDirectory: String? { DatabaseCache.defaultDirectory }

    public let patterns: [PatternDefinition]
    /// Literal byte strings reported wherever they occur (case-sensitive), for the caller's own use.
    public let markers: [[UInt8]]
    public let prefilters: [Prefilter]
    /// Distinct lower-cased keywords, in Vectorscan id order after the patterns.
    let keywords: [String]
    /// For each pattern, the indices into `keywords` of its own keywords.
    let patternKeywords: [[Int]]
    let keywordPositionsNeeded: [Bool]
    /// Whether Vectorscan looks for a keyword (see `keywordsInDatabase`); one it does not is searched
    /// for by the matcher, only in a buffer where its pattern has a candidate.
    let keywordInDatabase: [Bool]
    let serializedVectorscan: ArraySlice<UInt8>?

    /// Compiles `patterns` and `markers`.
    /// - Throws: `MatchingError` for the first pattern PCRE2 rejects, whose secret group does not
    ///   exist, or that matches the empty string.
    /// - Parameter cacheDirectory: where compiled databases are kept between runs (see
    ///   `DatabaseCache`); nil compiles every time.
    public init(
        patterns: [PatternDefinition], markers: [[UInt8]] = [], cacheDirectory: String? = nil
    ) throws(MatchingError) {
        self.patterns = patterns
        self.markers = markers

        var keywords: [String] = []
        var keywordIndex: [String: Int] = [:]
        var patternKeywords: [[Int]] = []
        for pattern in patterns {
            var own: [Int] = []
            for keyword in pattern.keywords.map({ $0.lowercased() }) where !keyword.isEmpty {
                let index = keywordIndex[keyword] ?? {
                    keywords.append(keyword)
                    keywordIndex[keyword] = keywords.count - 1
                    return keywords.count - 1
                }()
                if !own.contains(index) { own.append(index) }
            }
            patternKeywords.append(own)
        }
        self.keywords = keywords
        self.patternKeywords = patternKeywords

        let cache = cacheDirectory.map(DatabaseCache.init(directory:))
        let cacheKey = DatabaseCache.key(
            for: patterns.map { "\($0.regex)\u{1}\($0.secretGroup.map(String.init) ?? "first")\u{1}\($0.keywordsInEveryMatch)\u{1}\($0.isPathGated)\u{1}\($0.keywords.joined(separator: "\u{1}"))" }
                + markers.map { String(decoding: $0, as: UTF8.self) })
        // A cached entry is only ever stored for patterns that passed `validate`: on a hit, the
        // PCRE2 compile of every expression (most of a small scan's start-up) is not repeated.
        if let entry = cache?.load(key: cacheKey, patternCount: patterns.count, keywordCount: keywords.count),
            (try? VectorscanDatabase.deserialize(entry.database)) != nil || entry.database.isEmpty
        {
            prefilters = entry.prefilters.map { Prefilter(code: $0) }
            keywordPositionsNeeded = entry.positionsNeeded
            keywordInDatabase = Self.keywordsInDatabase(keywords: keywords, positionsNeeded: keywordPositionsNeeded)
            serializedVectorscan = entry.database.isEmpty ? nil : entry.database
            return
        }
        try Self.validate(patterns)
        let compiled = try Self.compile(patterns: patterns, keywords: keywords, patternKeywords: patternKeywords, markers: markers)
        prefilters = compiled.prefilters
        keywordPositionsNeeded = compiled.positionsNeeded
        keywordInDatabase = Self.keywordsInDatabase(keywords: keywords, positionsNeeded: keywordPositionsNeeded)
        serializedVectorscan = compiled.serialized
        cache?.store(
            DatabaseCache.Entry(
                prefilters: compiled.prefilters.map(\.code), positionsNeeded: compiled.positionsNeeded,
                database: compiled.serialized ?? [][...]),
            key: cacheKey)
    }

    /// Checks that each expression compiles, has its secret group and does not match the empty string.
    private static func validate(_ patterns: [PatternDefinition]) throws(MatchingError) {
        for (index, pattern) in patterns.enumerated() {
            let regex = try CompiledRegex(pattern.regex, patternIndex: index)
            if let group = pattern.secretGroup, group < 0 || group > regex.captureGroupCount {
                throw .missingCaptureGroup(pattern: index, group: group, groupCount: regex.captureGroupCount)
            }
            if regex.matches("") { throw .matchesEmpty(pattern: index) }
        }
    }

    /// Compiles the Vectorscan database, demoting each pattern Vectorscan cannot take (even as a
    /// prefilter approximation) to keyword windows or whole-buffer confirmation.
    /// An expression longer than this (a context rule: a provider's name, an assignment, then the
    /// secret) costs Vectorscan 0.1-0.3 s to compile in prefilter mode, and a hundred of them made a
    /// first run take 3 s. When every match is near one of its keywords (`keywordsInEveryMatch`) and they
    /// are distinctive (`distinctiveKeyword` bytes or more, such as a provider's name), windows around
    /// the keywords find the same matches, so such a pattern is confirmed around its keywords instead
    /// (measured: 350 rules compile in 0.5 s).
    static let longExpression = 200
    static let distinctiveKeyword = 4

    /// Which keywords go into the Vectorscan database. A keyword whose every position matters (it opens
    /// windows for a `.keywords` pattern: `positionsNeeded`) always does. Any other keyword only gates
    /// its pattern, which has candidates of its own (`.expression`) or a path that must apply first
    /// (`.wholeBuffer`): one shorter than `distinctiveKeyword` bytes is left out and searched for in the
    /// few buffers where its pattern gets that far. Short literals occur everywhere (the Discord rule's
    /// `nt`, `md`, `ot`, a `.pgpass` rule's `:`): measured on 400 MB of git/git's blobs, leaving out the
    /// 70 short ones took the pass from 801 MB/s to 1,503 MB/s.
    static func keywordsInDatabase(keywords: [String], positionsNeeded: [Bool]) -> [Bool] {
        zip(keywords, positionsNeeded).map { keyword, needed in needed || keyword.utf8.count >= distinctiveKeyword }
    }

    private static func compile(
        patterns: [PatternDefinition], keywords: [String], patternKeywords: [[Int]], markers: [[UInt8]]
    ) throws(MatchingError) -> (prefilters: [Prefilter], positionsNeeded: [Bool], serialized: ArraySlice<UInt8>?) {
        // Each expression Vectorscan refuses falls back to its keywords; found one by one, each
        // refusal would cost a compile of the whole set (30 s for 350 rules with 27 refusals).
        let prefilters = patterns.indices.map { index -> Prefilter in
            let pattern = patterns[index]
            // Confirmed only in the few files its path names: scanning every byte of every file for
            // it cost more than the rest of the pass (a .pgpass line is a:b:c:d:e, an htpasswd line
            // user:hash, shapes Vectorscan finds everywhere).
            if pattern.isPathGated { return .wholeBuffer }
            if pattern.keywordsInEveryMatch && pattern.regex.utf8.count > longExpression && !pattern.keywords.isEmpty
                && pattern.keywords.allSatisfy({ $0.utf8.count >= distinctiveKeyword })
            {
                return .keywords
            }
            let relaxed = PrefilterExpression.relaxingLargeRepeats(pattern.regex)
            if VectorscanDatabase.accepts(relaxed, flags: VectorscanDatabase.prefilterFlags) { return .expression }
            return patternKeywords[index].isEmpty ? .wholeBuffer : .keywords
        }
        return try compile(patterns: patterns, keywords: keywords, patternKeywords: patternKeywords, markers: markers, prefilters: prefilters)
    }

    private static func compile(
        patterns: [PatternDefinition], keywords: [String], patternKeywords: [[Int]], markers: [[UInt8]], prefilters: [Prefilter]
    ) throws(MatchingError) -> (prefilters: [Prefilter], positionsNeeded: [Bool], serialized: ArraySlice<UInt8>?) {
        var prefilters = prefilters
        var compiled: VectorscanDatabase?
        var positionsNeeded = [Bool](repeating: false, count: keywords.count)
        while true {
            positionsNeeded = [Bool](repeating: false, count: keywords.count)
            for (index, prefilter) in prefilters.enumerated() where prefilter == .keywords {
                for keyword in patternKeywords[index] { positionsNeeded[keyword] = true }
            }
            var expressions: [VectorscanDatabase.Expression] = []
            for (index, pattern) in patterns.enumerated() where prefilters[index] == .expression {
                expressions.append(.init(
                    pattern: PrefilterExpression.relaxingLargeRepeats(pattern.regex),
                    flags: VectorscanDatabase.prefilterFlags, id: UInt32(index)))
            }
            let included = keywordsInDatabase(keywords: keywords, positionsNeeded: positionsNeeded)
            for (index, keyword) in keywords.enumerated() where included[index] {
                let flags = VectorscanDatabase.literalFlags
                    | (positionsNeeded[index] ? 0 : VectorscanDatabase.singleMatchFlag)
                expressions.append(.init(
                    pattern: literalExpression(Array(keyword.utf8)), flags: flags,
                    id: UInt32(patterns.count + index)))
            }
            for (index, marker) in markers.enumerated() {
                expressions.append(.init(
                    pattern: literalExpression(marker), flags: 0,
                    id: UInt32(patterns.count + keywords.count + index)))
            }
            if expressions.isEmpty { break }
            do {
                compiled = try VectorscanDatabase.compile(expressions)
                break
            } catch {
                guard let failed = error.expression, failed < expressions.count,
                    Int(expressions[failed].id) < patterns.count
                else { throw .engineFailure(error.message) }
                let pattern = Int(expressions[failed].id)
                prefilters[pattern] = patternKeywords[pattern].isEmpty ? .wholeBuffer : .keywords
            }
        }
        do {
            return (prefilters, positionsNeeded, try compiled?.serialized()[...])
        } catch {
            throw .engineFailure(error.message)
        }
    }

    /// A Vectorscan expression matching exactly `bytes`, every byte escaped.
    private static func literalExpression(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let hex = String(byte, radix: 16)
            return "\\x" + (hex.count == 1 ? "0" + hex : hex)
        }.joined()
    }
}
