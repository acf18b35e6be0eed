import Foundation
import GitStore

/// A scan that could not be done at all.
public enum ScanError: Error, LocalizedError, Sendable {
    case pathNotFound(String)
    case notARepository(String, GitError, needed: RepositoryPurpose = .history)
    case repository(GitError)
    case engine(String)
    /// A configuration, ignore file or baseline that cannot be used (or no rule left to run).
    case policy(String)

    public var errorDescription: String? {
        switch self {
        case .pathNotFound(let path):
            return "\(path): no such file or directory"
        case .notARepository(let path, let error, let purpose):
            return "\(path) is not a git repository (\(error.message)); \(purpose.advice)"
        case .repository(let error):
            return error.localizedDescription
        case .engine(let message):
            return "the scanning engine failed: \(message)"
        case .policy(let message):
            return message
        }
    }
}
