import Foundation

/// The push a pre-push hook of the pre-commit framework (https://pre-commit.com) is run for, read
/// from the variables the framework sets: `keywarden scan --pushed` scans exactly that, like the
/// pre-push hook `keywarden hook install` writes.
///
/// - An update of a remote branch: `PRE_COMMIT_FROM_REF..PRE_COMMIT_TO_REF`, and nothing the
///   remote's tracking branches already have.
/// - A new branch whose first commit is new to the remote: the framework sets no range, only
///   `PRE_COMMIT_LOCAL_BRANCH` and `PRE_COMMIT_REMOTE_NAME`: what that remote lacks of it.
/// - No push at all (`pre-commit run --hook-stage pre-push` by hand): what `HEAD` has that no
///   remote-tracking branch has, and a note says so.
///
/// The configuration, ignore file and baseline come from the remote's side (the old commit, else
/// the remote's default branch), never from the commits being pushed.
package struct FrameworkPush: Sendable, Hashable {
    /// The commit being pushed.
    package var including: String
    /// What the remote had before (the range's start), when the framework names it.
    package var excluding: [String]
    /// The remote pushed to; nil when the framework names none.
    package var remote: String?
    /// Where the trusted configuration is read, first match wins.
    package var trustedSides: [String]
    /// What was scanned, for the report's first note.
    package var scope: String

    package init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        let remote = value("PRE_COMMIT_REMOTE_NAME")
        let from = value("PRE_COMMIT_FROM_REF").flatMap { $0.allSatisfy { $0 == "0" } ? nil : $0 }
        let defaults = remote.map { name in ["HEAD", "main", "master"].map { "refs/remotes/\(name)/\($0)" } }
            ?? ["@{upstream}", "refs/remotes/origin/HEAD", "refs/remotes/origin/main", "refs/remotes/origin/master"]
        self.remote = remote
        self.excluding = from.map { [$0] } ?? []
        self.trustedSides = (from.map { [$0] } ?? []) + defaults
        let target = remote.map { " to \($0)" } ?? ""
        if let to = value("PRE_COMMIT_TO_REF") {
            including = to
            scope = from.map { "scanned the push\(target): \($0)..\(to)" } ?? "scanned the push\(target) of \(to)"
        } else if let branch = value("PRE_COMMIT_LOCAL_BRANCH") {
            including = branch
            scope = "scanned the push\(target) of \(branch): what the remote does not have"
        } else {
            including = "HEAD"
            scope = "no push in progress (PRE_COMMIT_TO_REF is not set): scanned what HEAD has that no remote-tracking branch has"
        }
    }

    /// The range scan of this push, with the trusted side's policy.
    package func trustedScan(path: String) -> TrustedChangeScan {
        var check = TrustedChangeScan(
            path: path,
            commits: .range(
                including: [including], excluding: excluding, excludingRemoteTracking: remote == nil,
                excludingRemote: remote),
            trustedSide: .firstOf(trustedSides))
        check.scope = scope
        return check
    }
}
