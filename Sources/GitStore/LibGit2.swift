import Clibgit2

/// The door to libgit2: process-wide set-up and the one place return codes become `GitError`s.
enum LibGit2 {
    /// Initialises libgit2 once per process.
    ///
    /// Strict hash verification is turned off: Debian's libgit2 re-hashes every object it reads with
    /// collision-detecting SHA-1, which doubles the cost of reading history, while zlib's checksum
    /// still catches corrupt data.
    ///
    /// The object cache, which only holds trees here (each is read once), is kept to 64 MiB. (Capping
    /// pack windows as well saved no resident memory on git/git and cost ~3 s.)
    static let initialized: Bool = {
        git_libgit2_init()
        _ = kw_git_set_strict_hash_verification(0)
        _ = kw_git_set_cache_max_size(64 << 20)
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
