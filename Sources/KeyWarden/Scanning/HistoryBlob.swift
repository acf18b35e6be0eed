import GitStore

/// A blob handed from the history walk to a scanning thread.
struct HistoryBlob: Sendable {
    var blob: ObjectID
    /// The path of its first introduction (path-scoped rules and allowlists look at it).
    var path: String
    /// Its index in the walk's blob list.
    var index: Int
    /// The id of the commit that introduced it (commit allowlists look at it).
    var commit: String
}
