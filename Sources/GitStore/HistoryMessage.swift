/// A commit's or an annotated tag's message, met during the history walk: text a key can be typed
/// into as well as any file.
public struct HistoryMessage: Sendable {
    public enum Kind: Sendable, Hashable {
        case commit
        /// An annotated tag, by its reference's short name.
        case tag(name: String)
    }

    public var kind: Kind
    /// The message as stored (no encoding conversion, no trimming).
    public var bytes: [UInt8]
    /// The commit; for a tag, the tag object with its tagger as the author.
    public var owner: CommitInfo

    public init(kind: Kind, bytes: [UInt8], owner: CommitInfo) {
        self.kind = kind
        self.bytes = bytes
        self.owner = owner
    }
}
