import Foundation

/// A libgit2 call failed.
public struct GitError: Error, LocalizedError, CustomStringConvertible, Sendable, Equatable {
    /// libgit2's return code (`git_error_code`), e.g. -3 for "not found".
    public var code: Int32
    /// libgit2's error class (`git_error_t`), e.g. 10 for object database errors.
    public var errorClass: Int32
    /// libgit2's own message, read from `git_error_last()` on the failing thread.
    public var message: String
    /// What keywarden was doing, e.g. "open repository /path".
    public var operation: String

    public init(code: Int32, errorClass: Int32 = 0, message: String, operation: String) {
        self.code = code
        self.errorClass = errorClass
        self.message = message
        self.operation = operation
    }

    public var errorDescription: String? { "\(operation): \(message)" }

    /// The same sentence where the error is interpolated into a message (`"\(error)"`), instead of
    /// the structure's fields.
    public var description: String { errorDescription ?? message }

    /// The object or reference asked for does not exist.
    public var isNotFound: Bool { code == -3 }
}
