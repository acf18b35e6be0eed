import Clibgit2
import Foundation

extension Repository {
    /// One line per reference (`name target`, a symbolic one `name -> target`), sorted, then HEAD, the
    /// stash's entries and the shallow boundary: what decides which commits a history scan walks. Equal lines mean the
    /// same commits, trees and blobs are reachable, since objects are named by their content.
    /// - Throws: `GitError` when the references cannot be listed.
    public func referenceState() throws(GitError) -> [String] {
        var lines: [String] = []
        var iterator: OpaquePointer?
        try LibGit2.check(git_reference_iterator_new(&iterator, handle), "list references")
        defer { git_reference_iterator_free(iterator) }
        var reference: OpaquePointer?
        while true {
            let next = git_reference_next(&reference, iterator)
            if next == GIT_ITEROVER.rawValue { break }
            try LibGit2.check(next, "list references")
            defer { git_reference_free(reference) }
            lines.append(Self.describe(reference!))
        }
        lines.sort()
        var head: OpaquePointer?
        if git_reference_lookup(&head, handle, "HEAD") == 0, let head {
            lines.append(Self.describe(head))
            git_reference_free(head)
        }
        let stash = stashEntries()
        if !stash.isEmpty { lines.append("stash " + stash.map(\.hex).joined(separator: " ")) }
        let shallow = String(cString: git_repository_commondir(handle)) + "shallow"
        if let boundary = try? String(contentsOfFile: shallow, encoding: .utf8) {
            lines.append("shallow " + boundary.split(whereSeparator: \.isNewline).sorted().joined(separator: " "))
        }
        return lines
    }

    private static func describe(_ reference: OpaquePointer) -> String {
        let name = git_reference_name(reference).map { String(cString: $0) } ?? "?"
        if let target = git_reference_target(reference) { return name + " " + ObjectID(target.pointee).hex }
        return name + " -> " + (git_reference_symbolic_target(reference).map { String(cString: $0) } ?? "?")
    }
}
