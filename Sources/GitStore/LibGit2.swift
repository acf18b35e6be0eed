import CLibGit2StartUp
import Clibgit2

/// The door to libgit2: process-wide set-up and the one place return codes become `GitError`s.
enum LibGit2 {
    /// Waits until libgit2 is initialised, with keywarden's settings (see `CLibGit2StartUp`: it starts
    /// while the program loads, on its own thread). Every entry point calls this before its first
    /// libgit2 call.
    static func waitUntilInitialized() {
        // A failed initialisation (out of memory) shows as the error of the first call that needs it.
        _ = kw_libgit2_wait_until_initialised()
    }

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
