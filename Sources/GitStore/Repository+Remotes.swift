import Clibgit2

extension Repository {
    /// The remote-tracking branches (`refs/remotes/…`) and the commits they point at.
    public func remoteTrackingTips() -> [(name: String, commit: ObjectID)] {
        var iterator: OpaquePointer?
        guard git_reference_iterator_glob_new(&iterator, handle, "refs/remotes/*") == 0 else { return [] }
        defer { git_reference_iterator_free(iterator) }
        var tips: [(String, ObjectID)] = []
        var reference: OpaquePointer?
        while git_reference_next(&reference, iterator) == 0 {
            defer { git_reference_free(reference) }
            var resolved: OpaquePointer?
            guard git_reference_resolve(&resolved, reference) == 0 else { continue }
            defer { git_reference_free(resolved) }
            if let target = git_reference_target(resolved), let name = git_reference_name(reference) {
                tips.append((String(cString: name), ObjectID(target.pointee)))
            }
        }
        return tips
    }
}
