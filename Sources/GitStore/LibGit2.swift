import CLibGit2StartUp
import Clibgit2

/// The door to libgit2: process-wide set-up and the one place return codes become `GitError`s.
enum LibGit2 {
    /// Starts libgit2's initialisation on a thread of its own (see `CLibGit2StartUp`); whoever starts it
    /// calls `endStartUp()` before the program exits.
    static func startInitialising() {
        kw_libgit2_start_initialising()
    }

    /// Waits until libgit2 is initialised, with keywarden's settings (started by `startInitialising()`,
    /// or done here on first use). Every entry point calls this before its first libgit2 call.
    /// - Throws: `GitError` when the initialisation failed (libgit2's state is then undefined: no
    ///   libgit2 call may follow).
    static func waitUntilInitialized() throws(GitError) {
        let status = kw_libgit2_wait_until_initialised()
        // libgit2 recorded its reason on the start-up thread (its errors are per thread): only the code is here.
        guard status >= 0 else {
            throw GitError(code: status, message: "libgit2 could not be initialised", operation: "initialise libgit2")
        }
    }

    /// Returns once the thread `startInitialising()` started, if any, has ended; initialises nothing.
    static func endStartUp() {
        kw_libgit2_end_start_up()
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
