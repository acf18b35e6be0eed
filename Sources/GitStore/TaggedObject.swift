/// A reference that points, directly or through tags, at a tree or a blob rather than a commit (git's
/// own history has one: `junio-gpg-pub`, a tag of a blob). What it holds is reachable, so it is scanned.
struct TaggedObject {
    var reference: String
    var target: ObjectID
    var isTree: Bool
    /// Stands in for the introducing commit: the tag object's id, tagger and message, or for a
    /// lightweight tag the target's id and the reference name.
    var introduction: CommitInfo
}
