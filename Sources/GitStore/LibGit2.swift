import Clibgit2

/// The door to libgit2: process-wide set-up and the one place return codes become `GitError`s.
enum LibGit2 {
    /// Initialises libgit2 once per process.
    ///
    /// Strict hash verification is turned off: Debian's libgit2 re-hashes every object it reads with
    /// collision-detecting SHA-1, which doubles the cost of reading history, while zlib's checksum
    /// still catches corrupt data.
    ///
    /// The object cache is off: the history walk reads each tree once, blobs are read once, and
    /// every cached object cost a lock and memory (git/git: about 1 s and 100 MB less without it).
    ///
    /// Packs are mapped in 64 MiB windows, at most 256 MiB at a time. With libgit2's 64-bit defaults
    /// (1 GiB windows, 8 GiB in all) a whole pack is one window that is never unmapped, and every page
    /// of it ever read stays resident: git/git's history scan peaked at 631 MB, 196 MB of it the pack.
    /// Now 504 MB, at the same speed (alternating runs: 36.3/33.8 s before, 35.1/33.6 s after). A
    /// mapped limit without smaller windows changes nothing; 32 MiB / 128 MiB reaches 342 MB but
    /// costs a third more time.
    static let initialized: Bool = {
        git_libgit2_init()
        _ = kw_git_set_strict_hash_verification(0)
        _ = kw_git_enable_caching(0)
        _ = kw_git_set_mwindow_size(64 << 20)
        _ = kw_git_set_mwindow_mapped_limit(256 << 20)
        return true
    }()

    /// Throws the error libgit2 recorded on this thread when `code` is negative.
    @discardableResult
    static func check(_ code: Int32, _ operation: @autoclosure () -> String) throws(GitError) -> Int32 {
        guard code < 0 else { return code }
        throw lastError(code: code, operation: operation())
    }

    /// The error libgit2 recorded for the last failing call on this thread.
    static func lastError(code: Int32, operation: String) -> GitError {
        // git_error_last is thread-local: it must be read right after the failing call.
        if let last = git_error_last(), let message = last.pointee.message {
            return GitError(
                code: code, errorClass: last.pointee.klass, message: String(cString: message), operation: operation)
        }
        return GitError(code: code, message: "libgit2 error \(code)", operation: operation)
    }
}
