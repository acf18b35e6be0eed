/// What one scan of a buffer found.
public struct MatcherOutput: Sendable {
    /// Confirmed matches, ordered by pattern, then by position.
    public var matches: [PatternMatch] = []
    /// Every place a marker literal occurred.
    public var markerHits: [MarkerHit] = []
    /// Patterns whose confirmation gave up at PCRE2's match limit: matches may be missing for them.
    public var limitExceeded: [Int] = []

    public init() {}
}
