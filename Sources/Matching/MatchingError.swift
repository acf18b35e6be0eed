import Foundation

/// Why a pattern could not be compiled or a scan could not run.
public enum MatchingError: Error, LocalizedError, Sendable, Equatable {
    /// PCRE2 rejected the expression: `offset` is the byte offset in the expression where it failed.
    case invalidRegex(pattern: Int, message: String, offset: Int)
    /// The expression's capture group for the secret does not exist.
    case missingCaptureGroup(pattern: Int, group: Int, groupCount: Int)
    /// The expression matches the empty string, which would report a finding everywhere.
    case matchesEmpty(pattern: Int)
    /// Vectorscan failed for a reason other than one pattern (out of memory, bad platform).
    case engineFailure(String)

    public var errorDescription: String? {
        switch self {
        case .invalidRegex(_, let message, let offset):
            return "invalid regular expression at offset \(offset): \(message)"
        case .missingCaptureGroup(_, let group, let groupCount):
            return "secretGroup \(group) does not exist: the expression has \(groupCount) capture group(s)"
        case .matchesEmpty:
            return "the expression matches the empty string"
        case .engineFailure(let message):
            return "pattern engine failure: \(message)"
        }
    }

    /// The index of the pattern at fault, when one pattern is.
    public var pattern: Int? {
        switch self {
        case .invalidRegex(let pattern, _, _), .missingCaptureGroup(let pattern, _, _), .matchesEmpty(let pattern):
            return pattern
        case .engineFailure:
            return nil
        }
    }
}
