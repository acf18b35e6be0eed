/// A secret found in one buffer, before it is given a place (path, line, commit) in a report.
struct Detection: Sendable, Hashable {
    var ruleIndex: Int
    var secret: String
    /// Byte offset of the secret (or of the encoded run holding it) in the scanned buffer.
    var offset: Int
    /// "base64" when the secret was found by decoding the bytes at `offset`.
    var encoding: String?
    /// A `keywarden:allow` comment on its line: kept, and reported as suppressed in the source.
    var isInlineAllowed = false
    /// Byte offset where the whole match starts (gitleaks measures composite rules' distances there).
    var matchStart: Int
    /// Found by a rule that matches the path alone ("file detected").
    var isPathOnly = false

    init(
        ruleIndex: Int, secret: String, offset: Int, encoding: String? = nil, isInlineAllowed: Bool = false,
        matchStart: Int? = nil, isPathOnly: Bool = false
    ) {
        self.ruleIndex = ruleIndex
        self.secret = secret
        self.offset = offset
        self.encoding = encoding
        self.isInlineAllowed = isInlineAllowed
        self.matchStart = matchStart ?? offset
        self.isPathOnly = isPathOnly
    }
}
