/// One regular expression the matcher looks for, with what the fast prefilter needs to know about it.
///
/// The expression uses PCRE2 syntax and is matched against raw bytes (no UTF-8 mode), so files in
/// any encoding can be scanned.
public struct PatternDefinition: Sendable, Hashable {
    /// The PCRE2 expression that confirms a match.
    public var regex: String
    /// Literal strings, matched case-insensitively, of which at least one must occur in a buffer for
    /// this pattern to be confirmed there. Empty means the pattern always applies.
    public var keywords: [String]
    /// The longest match the pattern can produce, in bytes: it bounds the window confirmed around
    /// each prefilter hit.
    public var maxLength: Int
    /// The capture group that holds the secret; 0 is the whole match; nil the first capture group
    /// that matched something, else the whole match.
    public var secretGroup: Int?

    /// Every match lies within `maxLength` of one of the keywords (true of the built-in rules, which
    /// are written so and tested): then a long expression may be confirmed around its keywords alone.
    /// Otherwise a keyword only has to occur somewhere in the buffer, and the match may be far from it.
    public var keywordsInEveryMatch: Bool

    /// The pattern applies to some paths only (a credential file's format): it is left out of the
    /// Vectorscan pass and confirmed over the whole buffer where the caller says it applies.
    public var isPathGated: Bool

    public init(
        regex: String, keywords: [String] = [], maxLength: Int = 1024, secretGroup: Int? = 0, keywordsInEveryMatch: Bool = false,
        isPathGated: Bool = false
    ) {
        self.regex = regex
        self.keywords = keywords
        self.maxLength = maxLength
        self.secretGroup = secretGroup
        self.keywordsInEveryMatch = keywordsInEveryMatch
        self.isPathGated = isPathGated
    }
}
