/// A confirmed match of one pattern in a buffer, as byte offsets into that buffer.
public struct PatternMatch: Sendable, Hashable {
    /// Index of the pattern in the database's pattern list.
    public var pattern: Int
    /// The bytes the whole expression matched.
    public var range: Range<Int>
    /// The bytes of the secret capture group (the whole match when the group is 0).
    public var secretRange: Range<Int>

    public init(pattern: Int, range: Range<Int>, secretRange: Range<Int>) {
        self.pattern = pattern
        self.range = range
        self.secretRange = secretRange
    }
}
